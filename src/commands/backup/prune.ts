import {confirmer} from '../../cli/confirm.js'
import {limitFlag, splitList, yesFlag} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderBackupPrune} from '../../cli/render/backup-prune.js'
import {defaultBackupDeps, secretLookup} from '../../services/backup/hosts.js'
import {pruneBackups, type BackupPruneResult} from '../../services/backup/prune.js'
import {openInventory} from '../../services/inventory-open.js'
import {reaching} from '../../cli/reach.js'

export default class BackupPrune extends OpsCommand<BackupPruneResult> {
  static override description = reaching('hosts', 'forget snapshots beyond each policy’s retention and prune their data from the repositories')
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --limit docker1 --yes --json']
  static override flags = {limit: limitFlag, yes: yesFlag}

  async run(): Promise<BackupPruneResult> {
    const {flags} = await this.parse(BackupPrune)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const secret = await secretLookup(inventory, process.env)
    const opts = {limit: splitList(flags.limit), environ: process.env, secret, confirm: confirmer('kotadc backup prune', flags.yes)}
    const result = await this.underSiteLock(inventory, () => pruneBackups(inventory, opts, defaultBackupDeps()))
    if (!this.jsonEnabled()) this.out(renderBackupPrune(result, this.paint))
    process.exitCode = result.exitCode
    return result
  }
}
