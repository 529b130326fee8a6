import {execFileSync} from 'node:child_process'
import {requireBinary, type Requirement} from './require.js'

/** virsh against this machine's system libvirtd, as root (the tests' sshd logs in as whoever runs them). */
export const virsh = (...args: string[]): string => execFileSync('virsh', ['-c', 'qemu:///system', ...args], {encoding: 'utf8'})

/**
 * The VM executor tests need virsh, genisoimage, qemu-img and a running system libvirtd. Locally a missing one skips
 * with the reason; under CI it fails (.ci/run installs the packages and starts libvirtd).
 */
export function requireLibvirt(): Requirement {
  const bins = requireBinary('virsh', 'genisoimage', 'qemu-img', 'sudo')
  if (!bins.ok) return bins
  try {
    virsh('-q', 'version')
    return {ok: true}
  } catch {
    const reason = 'no system libvirtd answers on qemu:///system (start it: libvirtd -d, or run .ci/run)'
    if (process.env.CI === 'true') throw new Error(`${reason}; CI must provide it`)
    return {ok: false, reason}
  }
}
