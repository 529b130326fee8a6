import {join} from 'node:path'
import {runLocalChecked} from '../../exec/local.js'
import {labScriptsDir} from './paths.js'

/** What scripts/lab/kvm-probe.sh found: KVM runs guests on this machine, or why lab hypervisors must use TCG. */
export interface LabKvm {
  usable: boolean
  reason: string
}

/**
 * Boot the guest image's kernel under KVM on this machine (lab hypervisors are containers on it, so they share its
 * /dev/kvm): only a kernel that gets going proves KVM usable; an openable /dev/kvm does not, under nested
 * virtualisation. Cached per boot by the script, so this costs seconds once.
 */
export async function probeKvm(kernel: string): Promise<LabKvm> {
  const r = await runLocalChecked([join(labScriptsDir(), 'kvm-probe.sh'), kernel], {
    kind: 'lab-script',
    timeoutMs: 120_000,
    code: 'LAB_IMAGE_BUILD_FAILED',
    what: 'probing KVM',
    hint: 'scripts/lab/kvm-probe.sh needs qemu-system-x86 (scripts/lab/install-deps.sh)',
  })
  const line = r.stdout.trim().split('\n').at(-1) ?? ''
  const at = line.indexOf(' ')
  return {usable: line.startsWith('kvm '), reason: at > 0 ? line.slice(at + 1) : line}
}
