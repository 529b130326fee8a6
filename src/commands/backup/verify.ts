import {limitFlag, readDataSubsetFlag, splitList} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderBackupVerify} from '../../cli/render/backup-verify.js'
import {defaultBackupDeps} from '../../services/backup/hosts.js'
import {verifyBackups, type BackupVerifyResult} from '../../services/backup/verify.js'
import {openInventory} from '../../services/inventory-open.js'
import {reaching} from '../../cli/reach.js'

export default class BackupVerify extends OpsCommand<BackupVerifyResult> {
  static override description = reaching('hosts', 'restic check of every repository, reading back a subset of the data; exit 1 on any error')
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --read-data-subset 100% --limit docker1']
  static override flags = {
    limit: limitFlag,
    'read-data-subset': readDataSubsetFlag,
  }

  async run(): Promise<BackupVerifyResult> {
    const {flags} = await this.parse(BackupVerify)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = await verifyBackups(
      inventory,
      {limit: splitList(flags.limit), environ: process.env, readDataSubset: flags['read-data-subset']},
      defaultBackupDeps(),
    )
    if (!this.jsonEnabled()) this.out(renderBackupVerify(result, this.paint))
    process.exitCode = result.exitCode
    return result
  }
}
