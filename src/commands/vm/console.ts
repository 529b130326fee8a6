import {Args} from '@oclif/core'
import {OpsCommand} from '../../cli/ops-command.js'
import {reaching} from '../../cli/reach.js'
import {openInventory} from '../../services/inventory-open.js'
import {consoleVm} from '../../services/vms/commands.js'

export default class VmConsole extends OpsCommand<{name: string; exitCode: number | null}> {
  static override description = reaching('hosts', "the VM's serial console: virsh console over the hypervisor's SSH (leave with Ctrl+])")
  static override examples = ['<%= config.bin %> <%= command.id %> simrs --env lab']

  static override args = {name: Args.string({description: 'the VM', required: true})}

  async run(): Promise<{name: string; exitCode: number | null}> {
    const {args, flags} = await this.parse(VmConsole)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const exitCode = await consoleVm(inventory, args.name, {environ: process.env, cwd: process.cwd()})
    process.exitCode = exitCode ?? 1
    return {name: args.name, exitCode}
  }
}
