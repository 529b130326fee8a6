import {Args, Flags} from '@oclif/core'
import {confirmer} from '../../cli/confirm.js'
import {yesFlag} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {reaching} from '../../cli/reach.js'
import {renderRemove} from '../../cli/render/onboard.js'
import {defaultBackupDeps} from '../../services/backup/hosts.js'
import {backupStatus} from '../../services/backup/status.js'
import {openInventory} from '../../services/inventory-open.js'
import {removeWorkload, type RemoveResult} from '../../services/onboard/remove.js'

export default class WorkloadRemove extends OpsCommand<RemoveResult> {
  static override description = reaching(
    'hosts',
    'take a workload (and its NAME-db) out of its agency file; refuses while its data’s newest backup is older than its policy allows (asks the backup status of the agency’s hosts); never deletes data',
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %> dinpar wisata',
    '<%= config.bin %> <%= command.id %> dinpar wisata --env lab --yes --json',
    {
      description: 'remove it although its backup is stale (the data then lives only in older snapshots)',
      command: '<%= config.bin %> <%= command.id %> dinpar wisata --without-final-backup',
    },
  ]
  static override args = {
    agency: Args.string({description: 'agency code', required: true}),
    name: Args.string({description: 'workload name', required: true}),
  }
  static override flags = {
    'without-final-backup': Flags.boolean({
      summary: 'do not check that the data was backed up within its policy (no host is contacted)',
      default: false,
    }),
    yes: yesFlag,
  }

  async run(): Promise<RemoveResult> {
    const {args, flags} = await this.parse(WorkloadRemove)
    this.setupOutput(flags)
    const environ = process.env
    // The file edited is the site's own; the backup status is asked where --env points (the lab's hosts, say).
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, site: flags.site, environ})
    this.noteDemoIdentity(demoIdentity)
    const result = await removeWorkload(inventory, args.agency, args.name, {
      cwd: process.cwd(),
      environ,
      withoutFinalBackup: flags['without-final-backup'],
      backupStatus: async (limit) => {
        const {inventory: reached} = await openInventory({dir: flags.inventory, env: flags.env, environ})
        return backupStatus(reached, {limit: [limit], environ}, defaultBackupDeps())
      },
      confirm: confirmer(this.commandLine(), flags.yes),
      underLock: (fn) => this.underSiteLock(inventory, fn),
    })
    if (!this.jsonEnabled()) this.out(renderRemove(result, this.paint))
    return result
  }
}
