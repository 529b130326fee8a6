import {reaching} from '../../cli/reach.js'
import {VmPowerCommand} from '../../cli/vm-power-command.js'

export default class VmStart extends VmPowerCommand {
  static override description = reaching('hosts', "start VMs (their hypervisor's libvirt)")
  static override examples = ['<%= config.bin %> <%= command.id %> simrs --env lab', '<%= config.bin %> <%= command.id %> simrs pacs --json']
  static override strict = false
  protected readonly action = 'start' as const
}
