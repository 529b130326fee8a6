import {reaching} from '../../cli/reach.js'
import {VmPowerCommand} from '../../cli/vm-power-command.js'

export default class VmRestart extends VmPowerCommand {
  static override description = reaching('hosts', 'restart VMs gracefully (applies a changed cpus or memory): ACPI shutdown, then start')
  static override examples = ['<%= config.bin %> <%= command.id %> simrs --env lab', '<%= config.bin %> <%= command.id %> simrs pacs --json']
  static override strict = false
  protected readonly action = 'restart' as const
}
