import {Flags} from '@oclif/core'
import {connectSsh} from '../exec/ssh/connect.js'
import {openInventory} from '../services/inventory-open.js'
import {SHUTDOWN_TIMEOUT_S} from '../services/vms/apply.js'
import {powerVms, type PowerAction, type PowerResult} from '../services/vms/commands.js'
import {splitList, vmNamesArg} from './flags.js'
import {OpsCommand} from './ops-command.js'
import {renderPower} from './render/vm.js'

/** `kotadc vm start|stop|restart`: one command shape, three actions (each repeats `strict = false`: oclif reads it from the command's own class). */
export abstract class VmPowerCommand extends OpsCommand<PowerResult[]> {
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

  protected abstract readonly action: PowerAction

  async run(): Promise<PowerResult[]> {
    const {argv, flags} = await this.parse(this.constructor as typeof VmPowerCommand)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const opts = {environ: process.env, force: flags.force, timeoutS: flags.timeout}
    const names = splitList(argv as string[])
    const results = await this.underSiteLock(inventory, () => powerVms(inventory, names, this.action, opts, {connect: (t) => connectSsh(t)}))
    if (!this.jsonEnabled()) this.out(renderPower(results))
    return results
  }
}
