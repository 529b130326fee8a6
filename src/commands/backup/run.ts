import {limitFlag, splitList} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderBackupRun} from '../../cli/render/backup-run.js'
import {defaultBackupDeps} from '../../services/backup/hosts.js'
import {runBackups, type BackupRunResult} from '../../services/backup/run.js'
import {openInventory} from '../../services/inventory-open.js'
import {reaching} from '../../cli/reach.js'

export default class BackupRun extends OpsCommand<BackupRunResult> {
  static override description = reaching('hosts', 'back up now: run each policy’s installed backup script on the source hosts, with progress')
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --limit db1 --env lab --json']
  static override flags = {limit: limitFlag}

  async run(): Promise<BackupRunResult> {
    const {flags} = await this.parse(BackupRun)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = await this.underSiteLock(inventory, () =>
      runBackups(inventory, {limit: splitList(flags.limit), environ: process.env, onProgress: (l) => this.note(l)}, defaultBackupDeps()),
    )
    if (!this.jsonEnabled()) this.out(renderBackupRun(result, this.paint))
    process.exitCode = result.exitCode
    return result
  }
}
