import {readFileSync} from 'node:fs'
import path from 'node:path'
import type {RemoteShell, SshTarget} from '../../src/exec/ssh/types.js'
import type {Inventory, VmWorkload} from '../../src/inventory/model.js'
import type {VmsPhaseDeps} from '../../src/services/vms/phase.js'
import {diskVolume, GIB} from '../../src/vms/conventions.js'
import {renderDomainXml} from '../../src/vms/domain-xml.js'

const TEMPLATES = path.resolve(import.meta.dirname, '../../templates')
const lookup = (n: string): string | undefined => readFileSync(path.join(TEMPLATES, n), 'utf8')

/** What the gathering script prints for a hypervisor whose VMs are all as declared, running and autostarted. */
export function steadyGatherOutput(inv: Inventory, hypervisor: string): string {
  const vms = inv.workloads.filter((w): w is VmWorkload => w.kind === 'vm' && w.hypervisor === hypervisor)
  const lines = ['@@virt', 'qemu', '@@pool present']
  for (const i of inv.images) lines.push(`@@vol ${i.file}`, `Capacity: ${GIB} bytes`, `@@sum ${i.file} ${i.sha256}`)
  for (const vm of vms) {
    const xml = renderDomainXml(inv, vm, {virtType: 'qemu', withSeed: false}, lookup)
    lines.push(`@@vol ${diskVolume(vm)}`, `Capacity: ${Math.round(vm.diskGiB * GIB)} bytes`)
    lines.push(`@@domain u-${vm.name}`, `Name: ${vm.name}`, 'State: running', 'Autostart: enable', '@@inactive', xml, '@@live', xml)
  }
  return lines.join('\n')
}

/** vms phase edges for tests whose hypervisors hold exactly the declared VMs: only the gathering script is answered. */
export function steadyVmsDeps(inv: () => Inventory, log: string[] = []): VmsPhaseDeps {
  return {
    connect: async (t: SshTarget): Promise<RemoteShell> => ({
      host: t.host,
      run: async (script) => {
        if (!script.includes('@@virt')) throw new Error(`the fake hypervisor ${t.host} answers only the gathering script`)
        log.push(`vms gather ${t.host}`)
        return {exitCode: 0, signal: null, stdout: steadyGatherOutput(inv(), t.host), stderr: ''}
      },
      put: async () => {
        throw new Error('the fake hypervisor takes no files')
      },
      close: async () => undefined,
    }),
    now: () => 0,
    sleep: async () => undefined,
  }
}
