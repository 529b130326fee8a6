import type {Host, Inventory} from '../inventory/model.js'
import {parseTaskArgs} from '../tasks/registry.js'
import {playbookErrors} from '../errors/playbook.js'
import type {Playbook, PlaybookTask} from '../playbooks/model.js'
import {bridgeFor, VM_POOL, VM_POOL_PATH} from '../vms/conventions.js'
import {BRIDGE_SCRIPT, BRIDGE_SCRIPT_PATH} from './bridge.js'

export const HYPERVISOR_PLAYBOOK = 'hypervisor'
/** Debian's libvirt and QEMU; genisoimage writes the NoCloud seed volume (ISO 9660 labelled cidata). */
export const HYPERVISOR_PACKAGES: readonly string[] = [
  'libvirt-daemon-system',
  'libvirt-clients',
  'qemu-system-x86',
  'qemu-utils',
  'seabios',
  'ipxe-qemu',
  'genisoimage',
]
/** The libvirt storage pool kotadc keeps base images and VM disks in: its own, so a site's other pools stay untouched. */
export const HYPERVISOR_POOL = {name: VM_POOL, path: VM_POOL_PATH} as const
/** libvirt's system instance: root's, the one autostarted domains live in. */
export const LIBVIRT_URI = 'qemu:///system'

function task(name: string, type: string, raw: Record<string, unknown>, tags: string[]): PlaybookTask {
  const parsed = parseTaskArgs(type, raw)
  if (!parsed.ok) throw playbookErrors.builtinInvalid(HYPERVISOR_PLAYBOOK, `${name}: ${parsed.issues.map((i) => i.message).join('; ')}`)
  return {name, type: parsed.value.type, task: parsed.value.task, args: parsed.value.args, tags, notify: []}
}

const virsh = (...args: string[]): string[] => ['virsh', '--connect', LIBVIRT_URI, ...args]
const poolInfo = `virsh --connect ${LIBVIRT_URI} pool-info ${HYPERVISOR_POOL.name} 2>/dev/null`

/** The networks (inventory order) that VMs placed on this hypervisor join: each gets a bridge. */
export function vmNetworksOf(inv: Inventory, host: Host): string[] {
  const used = new Set(inv.workloads.flatMap((w) => (w.kind === 'vm' && w.hypervisor === host.name ? [w.network] : [])))
  return inv.networks.filter((n) => used.has(n.name)).map((n) => n.name)
}

/** libvirt and QEMU, the storage pool, a bridge per VM network, libvirtd running and started at boot. */
export function hypervisorTasks(inv: Inventory, host: Host): PlaybookTask[] {
  const {name: pool, path} = HYPERVISOR_POOL
  const tasks = [
    task('libvirt and QEMU packages', 'package', {names: [...HYPERVISOR_PACKAGES], update: true}, ['packages']),
    // virtlogd keeps QEMU's console logs; libvirtd refuses to start domains without it. Where systemd does not run
    // (lab containers), the service task starts both through their /etc/init.d scripts and says so.
    task('virtlogd service', 'service', {name: 'virtlogd', state: 'started', enabled: true}, ['service']),
    task('libvirtd service', 'service', {name: 'libvirtd', state: 'started', enabled: true}, ['service']),
    task(`pool directory ${path}`, 'directory', {path, owner: 'root', group: 'root', mode: '0711'}, ['pool']),
    task(`storage pool ${pool}`, 'command', {argv: virsh('pool-define-as', pool, 'dir', '--target', path), sudo: true, unless: poolInfo}, ['pool']),
    task(
      `storage pool ${pool} started`,
      'command',
      {argv: virsh('pool-start', pool), sudo: true, unless: `${poolInfo} | grep -q '^State:.*running'`},
      ['pool'],
    ),
    task(
      `storage pool ${pool} autostarted`,
      'command',
      {argv: virsh('pool-autostart', pool), sudo: true, unless: `${poolInfo} | grep -q '^Autostart:.*yes'`},
      ['pool'],
    ),
  ]
  const networks = vmNetworksOf(inv, host)
  if (networks.length > 0)
    tasks.push(
      task(BRIDGE_SCRIPT_PATH, 'file', {path: BRIDGE_SCRIPT_PATH, content: BRIDGE_SCRIPT, owner: 'root', group: 'root', mode: '0755'}, ['bridges']),
    )
  for (const n of networks) {
    const cidr = inv.networks.find((x) => x.name === n)?.cidr ?? ''
    const br = bridgeFor(n)
    tasks.push(
      task(
        `bridge ${br} on ${n}`,
        'command',
        {argv: [BRIDGE_SCRIPT_PATH, br, cidr], sudo: true, unless: `${BRIDGE_SCRIPT_PATH} ${br} ${cidr} --check`},
        ['bridges'],
      ),
    )
  }
  return tasks
}

/** Built-in playbook `hypervisor`: hosts with role hypervisor, tasks derived from the inventory. */
export function hypervisorPlaybook(): Playbook {
  return {name: HYPERVISOR_PLAYBOOK, targets: ['role:hypervisor'], vars: {}, tasksFor: hypervisorTasks, handlersFor: () => []}
}
