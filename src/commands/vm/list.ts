import {OpsCommand} from '../../cli/ops-command.js'
import {reaching} from '../../cli/reach.js'
import {renderVmList} from '../../cli/render/vm.js'
import {connectSsh} from '../../exec/ssh/connect.js'
import {openInventory} from '../../services/inventory-open.js'
import {listVms, type VmRow} from '../../services/vms/commands.js'

export default class VmList extends OpsCommand<VmRow[]> {
  static override description = reaching('hosts', 'list the VMs on every hypervisor, from libvirt itself: state, cpus, memory, disk; orphans marked')
  static override examples = ['<%= config.bin %> <%= command.id %> --env lab', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<VmRow[]> {
    const {flags} = await this.parse(VmList)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const rows = await listVms(inventory, {environ: process.env}, {connect: (t) => connectSsh(t)})
    if (!this.jsonEnabled()) this.out(renderVmList(rows, this.paint))
    return rows
  }
}
