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

/** Removes every domain and pool volume whose name starts with `prefix`, and their recorded image sums. */
export function removeLibvirtRun(prefix: string, pool: string): void {
  const names = (text: string): string[] =>
    text
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[0] ?? '')
      .filter((n) => n.startsWith(prefix))
  for (const d of names(virsh('-q', 'list', '--all', '--name'))) {
    try {
      virsh('-q', 'destroy', d)
    } catch {
      // shut off already
    }
    virsh('-q', 'undefine', d)
  }
  for (const v of names(virsh('-q', 'vol-list', pool))) virsh('-q', 'vol-delete', '--pool', pool, v)
  execFileSync('sh', ['-c', 'rm -f /var/lib/kotadc/image-sums/"$1"*', 'sh', prefix])
}

/** The kotadc pool on this machine's libvirtd, as the hypervisor playbook makes it on a site's hypervisors. */
export function ensurePool(pool: string, path: string): void {
  if (
    virsh('-q', 'pool-list', '--all', '--name')
      .split('\n')
      .map((l) => l.trim())
      .includes(pool)
  )
    return
  execFileSync('mkdir', ['-p', path])
  virsh('pool-define-as', pool, 'dir', '--target', path)
  virsh('pool-start', pool)
}
