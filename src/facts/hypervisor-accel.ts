import {shell, sudo} from '../tasks/cmd.js'
import {defineFact} from './define.js'

/**
 * How a hypervisor can run guests: `kvm` when /dev/kvm opens and libvirt (when it answers) accepts KVM domains,
 * `qemu` (TCG, software emulation, many times slower) otherwise. A VM domain's `<domain type='...'>` takes
 * `domainType`; `reason` says what was found, for progress lines and errors.
 */
export interface HypervisorAccel {
  domainType: 'kvm' | 'qemu'
  reason: string
}

/**
 * A host where /dev/kvm opens but cannot run guests (nested virtualisation that hangs them) says so with this file,
 * its content the reason: the lab writes it when scripts/lab/kvm-probe.sh fails; an admin may write it by hand.
 */
export const NO_KVM_MARK = '/etc/kotadc/no-kvm'

// The probe (sh, as root), printing `kvm <why>` or `qemu <why>`; the vms phase's gathering script runs it too.
// Root: /dev/kvm is mode 0660 root:kvm on Debian. libvirt is asked only when it answers, so the fact also works
// before the hypervisor playbook has installed or started it; the device alone decides then.
export const HYPERVISOR_ACCEL_PROBE = [
  `if [ -f ${NO_KVM_MARK} ]; then echo "qemu ${NO_KVM_MARK}: $(head -c 200 ${NO_KVM_MARK} | tr '\\n' ' ')"`,
  'elif [ ! -e /dev/kvm ]; then echo "qemu /dev/kvm is missing (no hardware virtualisation, or nested virtualisation is off)"',
  'elif [ ! -c /dev/kvm ]; then echo "qemu /dev/kvm is not a character device"',
  'elif ! (exec 3<>/dev/kvm) 2>/dev/null; then echo "qemu /dev/kvm cannot be opened"',
  'elif command -v virsh >/dev/null 2>&1 && virsh -c qemu:///system version >/dev/null 2>&1 && ' +
    '! virsh -c qemu:///system domcapabilities --virttype kvm >/dev/null 2>&1; then echo "qemu libvirt cannot use /dev/kvm"',
  'else echo "kvm /dev/kvm is usable"; fi',
].join('; ')

export const hypervisorAccelFact = defineFact<void, HypervisorAccel>({
  name: 'hypervisor-accel',
  command: () => sudo(shell(HYPERVISOR_ACCEL_PROBE)),
  parse: (stdout) => {
    const line = stdout.trim().split('\n').at(-1) ?? ''
    const at = line.indexOf(' ')
    const kind = at > 0 ? line.slice(0, at) : line
    if (kind === 'kvm') return {domainType: 'kvm', reason: line.slice(at + 1)}
    return {domainType: 'qemu', reason: at > 0 && kind === 'qemu' ? line.slice(at + 1) : `unexpected probe output: ${line.slice(0, 80)}`}
  },
})
