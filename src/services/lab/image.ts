import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {runLocalChecked} from '../../exec/local.js'
import {labScriptsDir} from './paths.js'

/** `base` for every lab host; `hypervisor` (libvirt and QEMU added) for hosts with role hypervisor. */
export type LabImageVariant = 'base' | 'hypervisor'

const REPO: Record<LabImageVariant, string> = {base: 'kotadc-lab-base', hypervisor: 'kotadc-lab-hypervisor'}

/** Run a build script of scripts/lab, passing its stderr to `onProgress` line by line; its last stdout line. */
async function runBuild(script: string, args: string[], what: string, onProgress: (line: string) => void): Promise<string> {
  let pending = ''
  const r = await runLocalChecked([join(labScriptsDir(), script), ...args], {
    kind: 'lab-script',
    timeoutMs: 30 * 60_000,
    code: 'LAB_IMAGE_BUILD_FAILED',
    what,
    hint: 'the build needs root, debootstrap, docker and deb.debian.org (run scripts/lab/install-deps.sh); its output is above',
    onOutput: (chunk, stream) => {
      if (stream !== 'stderr') return
      pending += chunk
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const l of lines) if (l.trim()) onProgress(l)
    },
  })
  return r.stdout.trim().split('\n').at(-1) ?? ''
}

/**
 * The lab image tag: scripts/lab/build-image.sh builds it when missing (debootstrap, minutes, once) and prints
 * the tag; a present image is reused in well under a second. Build progress is passed line by line to `onProgress`.
 */
export async function ensureLabImage(onProgress: (line: string) => void, variant: LabImageVariant = 'base'): Promise<string> {
  const tag = await runBuild('build-image.sh', variant === 'base' ? [] : ['--hypervisor'], `building the lab ${variant} image`, onProgress)
  if (!new RegExp(`^${REPO[variant]}:[0-9a-f]+$`).test(tag)) throw new Error(`build-image.sh printed no image tag (got "${tag}")`)
  return tag
}

/** The lab's VM guest image: a qcow2 file on this machine and its sha256, as `images:` declares one. */
export interface LabGuestImage {
  file: string
  sha256: string
}

/**
 * scripts/lab/build-guest-image.sh builds the qcow2 once (debootstrap, a Debian kernel, GRUB, the first-boot step
 * that applies a NoCloud seed) and prints its path; the sha256 it wrote beside it is read back here.
 */
export async function ensureGuestImage(onProgress: (line: string) => void): Promise<LabGuestImage> {
  const file = await runBuild('build-guest-image.sh', [], 'building the lab VM guest image', onProgress)
  if (!file.endsWith('.qcow2')) throw new Error(`build-guest-image.sh printed no qcow2 path (got "${file}")`)
  const sha256 = (await readFile(`${file}.sha256`, 'utf8')).split(/\s+/)[0] ?? ''
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`${file}.sha256 holds no sha256`)
  return {file, sha256}
}
