import {join} from 'node:path'
import {runLocalChecked} from '../../exec/local.js'
import {labScriptsDir} from './paths.js'

/**
 * The lab base image tag: scripts/lab/build-image.sh builds it when missing (debootstrap, minutes, once) and prints
 * the tag; a present image is reused in well under a second. Build progress is passed line by line to `onProgress`.
 */
export async function ensureLabImage(onProgress: (line: string) => void): Promise<string> {
  const script = join(labScriptsDir(), 'build-image.sh')
  let pending = ''
  const r = await runLocalChecked([script], {
    kind: 'lab-script',
    timeoutMs: 30 * 60_000,
    code: 'LAB_IMAGE_BUILD_FAILED',
    what: 'building the lab base image',
    hint: 'the build needs root, debootstrap, docker and deb.debian.org (run scripts/lab/install-deps.sh); its output is above',
    onOutput: (chunk, stream) => {
      if (stream !== 'stderr') return
      pending += chunk
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const l of lines) if (l.trim()) onProgress(l)
    },
  })
  const tag = r.stdout.trim().split('\n').at(-1) ?? ''
  if (!/^kotadc-lab-base:[0-9a-f]+$/.test(tag)) throw new Error(`build-image.sh printed no image tag (got "${tag}")`)
  return tag
}
