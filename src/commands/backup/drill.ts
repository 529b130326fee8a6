import {limitFlag, splitList} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderBackupDrill} from '../../cli/render/backup-drill.js'
import {drillBackups, type BackupDrillResult} from '../../services/backup/drill.js'
import {defaultBackupDeps} from '../../services/backup/hosts.js'
import {openInventory} from '../../services/inventory-open.js'
import {reaching} from '../../cli/reach.js'

export default class BackupDrill extends OpsCommand<BackupDrillResult> {
  static override description = reaching(
    'hosts',
    'restore drill: newest snapshots into a scratch place, checksums and a sanity query, clean up, write evidence',
  )
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --limit db1 --json']
  static override flags = {limit: limitFlag}

  async run(): Promise<BackupDrillResult> {
    const {flags} = await this.parse(BackupDrill)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    // A drill writes scratch files and databases on the hosts: it takes the site lock like every change.
    const opts = {limit: splitList(flags.limit), environ: process.env, cwd: process.cwd(), onProgress: (l: string) => this.note(l)}
    const result = await this.underSiteLock(inventory, () => drillBackups(inventory, opts, defaultBackupDeps()))
    if (!this.jsonEnabled()) this.out(renderBackupDrill(result, this.paint))
    process.exitCode = result.exitCode
    return result
  }
}
