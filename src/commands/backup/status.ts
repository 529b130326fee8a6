import {limitFlag, splitList} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderBackupStatus} from '../../cli/render/backup-status.js'
import {defaultBackupDeps} from '../../services/backup/hosts.js'
import {backupStatus, type BackupStatusResult} from '../../services/backup/status.js'
import {openInventory} from '../../services/inventory-open.js'
import {reaching} from '../../cli/reach.js'

export default class BackupStatus extends OpsCommand<BackupStatusResult> {
  static override description = reaching(
    'hosts',
    'per workload: the newest snapshot’s age against its policy’s rpoHours; exit 1 when one is stale (for monitoring)',
  )
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json || alert "backups stale"']
  static override flags = {limit: limitFlag}

  async run(): Promise<BackupStatusResult> {
    const {flags} = await this.parse(BackupStatus)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = await backupStatus(inventory, {limit: splitList(flags.limit), environ: process.env}, defaultBackupDeps())
    if (!this.jsonEnabled()) this.out(renderBackupStatus(result, this.paint))
    process.exitCode = result.exitCode
    return result
  }
}
