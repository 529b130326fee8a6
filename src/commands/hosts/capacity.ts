import {OpsCommand} from '../../cli/ops-command.js'
import {renderCapacity} from '../../cli/render/capacity.js'
import {reaching} from '../../cli/reach.js'
import {openInventory} from '../../services/inventory-open.js'
import {hypervisorCapacity, type HypervisorCapacity} from '../../vms/capacity.js'

export default class HostsCapacity extends OpsCommand<HypervisorCapacity[]> {
  static override description = reaching(
    'offline',
    'per hypervisor, declared against allocated cpus, memory and disk, and which VMs first-fit placement put where',
  )
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<HypervisorCapacity[]> {
    const {flags} = await this.parse(HostsCapacity)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const rows = hypervisorCapacity(inventory)
    if (!this.jsonEnabled()) this.out(renderCapacity(rows, this.paint))
    return rows
  }
}
