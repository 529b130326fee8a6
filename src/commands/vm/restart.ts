import {Flags} from '@oclif/core'
import {splitList, vmNamesArg} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {reaching} from '../../cli/reach.js'
import {renderPower} from '../../cli/render/vm.js'
import {connectSsh} from '../../exec/ssh/connect.js'
import {openInventory} from '../../services/inventory-open.js'
import {SHUTDOWN_TIMEOUT_S} from '../../services/vms/apply.js'
import {powerVms, type PowerResult} from '../../services/vms/commands.js'

export default class VmRestart extends OpsCommand<PowerResult[]> {
  static override description = reaching('hosts', 'restart VMs gracefully (applies a changed cpus or memory): ACPI shutdown, then start')
  static override examples = ['<%= config.bin %> <%= command.id %> simrs --env lab', '<%= config.bin %> <%= command.id %> simrs pacs --json']

  static override strict = false
  static override args = {names: vmNamesArg}
  static override flags = {
    force: Flags.boolean({
      summary: 'turn a VM that does not shut down off at once (like pulling the plug: unwritten data is lost)',
      default: false,
      env: 'KOTADC_FORCE',
    }),
    timeout: Flags.integer({
      summary: 'seconds a guest has to power off after the ACPI request',
      min: 1,
      default: SHUTDOWN_TIMEOUT_S,
      env: 'KOTADC_VM_TIMEOUT',
    }),
  }

  async run(): Promise<PowerResult[]> {
    const {argv, flags} = await this.parse(VmRestart)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const opts = {environ: process.env, force: flags.force, timeoutS: flags.timeout}
    const results = await this.underSiteLock(inventory, () =>
      powerVms(inventory, splitList(argv as string[]), 'restart', opts, {connect: (t) => connectSsh(t)}),
    )
    if (!this.jsonEnabled()) this.out(renderPower(results))
    return results
  }
}
