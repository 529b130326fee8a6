import {Args, Flags} from '@oclif/core'
import {yesFlag} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {reaching} from '../../cli/reach.js'
import {renderDestroy} from '../../cli/render/vm.js'
import {typedNameConfirmer} from '../../cli/confirm.js'
import {connectSsh} from '../../exec/ssh/connect.js'
import {openInventory} from '../../services/inventory-open.js'
import {destroyVm, type DestroyResult} from '../../services/vms/commands.js'

export default class VmDestroy extends OpsCommand<DestroyResult> {
  static override description = reaching('hosts', 'destroy a VM: stop it, remove its definition; its disk is kept unless --delete-disk')
  static override examples = [
    '<%= config.bin %> <%= command.id %> old-app --env lab',
    '<%= config.bin %> <%= command.id %> old-app --yes --confirm old-app --delete-disk',
  ]

  static override args = {name: Args.string({description: 'the VM to destroy', required: true})}
  static override flags = {
    confirm: Flags.string({summary: 'the VM name typed in full: needed with --yes (without a terminal)', helpValue: 'NAME', env: 'KOTADC_CONFIRM'}),
    'delete-disk': Flags.boolean({
      summary: "also delete the VM's disk volume (its data is gone for good)",
      default: false,
      env: 'KOTADC_DELETE_DISK',
    }),
    yes: yesFlag,
  }

  async run(): Promise<DestroyResult> {
    const {args, flags} = await this.parse(VmDestroy)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const confirm = typedNameConfirmer(args.name, flags.yes, flags.confirm)
    const opts = {environ: process.env, deleteDisk: flags['delete-disk'], confirm}
    const result = await this.underSiteLock(inventory, () => destroyVm(inventory, args.name, opts, {connect: (t) => connectSsh(t)}))
    if (!this.jsonEnabled()) this.out(renderDestroy(result))
    return result
  }
}
