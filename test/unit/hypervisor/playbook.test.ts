import {describe, expect, it} from 'vitest'
import {HYPERVISOR_PACKAGES, hypervisorPlaybook, vmNetworksOf} from '../../../src/hypervisor/playbook.js'
import {labSmallInventory} from '../../integration/lab/lab-small-inventory.js'

const inv = labSmallInventory('dc1', '/srv/repo/inventory')
const host = (name: string) => inv.hosts.find((h) => h.name === name) ?? expect.fail(`no host ${name}`)

describe('the hypervisor playbook', () => {
  it('targets hosts with role hypervisor', () => {
    expect(hypervisorPlaybook().targets).toEqual(['role:hypervisor'])
  })

  it("installs libvirt and QEMU, runs virtlogd before libvirtd, defines, starts and autostarts the pool, bridges its VMs' networks", () => {
    const tasks = hypervisorPlaybook().tasksFor(inv, host('hv1'))
    expect(tasks.map((t) => t.name)).toEqual([
      'libvirt and QEMU packages',
      'virtlogd service',
      'libvirtd service',
      'pool directory /var/lib/kotadc/pool',
      'storage pool kotadc',
      'storage pool kotadc started',
      'storage pool kotadc autostarted',
      '/usr/local/sbin/kotadc-bridge',
      'bridge br-services on services',
    ])
    expect(tasks[0]?.args).toMatchObject({names: [...HYPERVISOR_PACKAGES]})
    // Every virsh step is guarded, so a second run changes nothing.
    for (const t of tasks.filter((x) => x.type === 'command')) expect(t.args).toMatchObject({sudo: true, unless: expect.any(String)})
  })

  it('makes no bridge where no VM is placed', () => {
    const none = {...inv, workloads: []}
    expect(vmNetworksOf(none, host('hv1'))).toEqual([])
    expect(
      hypervisorPlaybook()
        .tasksFor(none, host('hv1'))
        .map((t) => t.name),
    ).not.toContain('/usr/local/sbin/kotadc-bridge')
  })
})
