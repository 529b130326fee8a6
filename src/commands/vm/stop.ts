import {reaching} from '../../cli/reach.js'
import {VmPowerCommand} from '../../cli/vm-power-command.js'

export default class VmStop extends VmPowerCommand {
  static override description = reaching('hosts', 'stop VMs gracefully: ACPI shutdown, an error after the timeout unless --force')
  static override examples = ['<%= config.bin %> <%= command.id %> simrs --env lab', '<%= config.bin %> <%= command.id %> simrs pacs --json']
  static override strict = false
  protected readonly action = 'stop' as const
}
