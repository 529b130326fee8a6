import {limitFlag, splitList} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderBackupList} from '../../cli/render/backup-list.js'
import {defaultBackupDeps} from '../../services/backup/hosts.js'
import {listBackups, type BackupListResult} from '../../services/backup/list.js'
import {openInventory} from '../../services/inventory-open.js'
import {reaching} from '../../cli/reach.js'

export default class BackupList extends OpsCommand<BackupListResult> {
  static override description = reaching('hosts', 'snapshots per workload, read from the repositories on the source hosts')
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --limit agency:dinkes --json']
  static override flags = {limit: limitFlag}

  async run(): Promise<BackupListResult> {
    const {flags} = await this.parse(BackupList)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = await listBackups(inventory, {limit: splitList(flags.limit), environ: process.env}, defaultBackupDeps())
    if (!this.jsonEnabled()) this.out(renderBackupList(result, this.paint))
    process.exitCode = result.exitCode
    return result
  }
}
