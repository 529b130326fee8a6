import {Args, Flags} from '@oclif/core'
import {confirmer} from '../../cli/confirm.js'
import {yesFlag} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderBackupRestore} from '../../cli/render/backup-restore.js'
import {defaultBackupDeps} from '../../services/backup/hosts.js'
import {restoreBackup, type BackupRestoreResult} from '../../services/backup/restore.js'
import {openInventory} from '../../services/inventory-open.js'
import {reaching} from '../../cli/reach.js'

export default class BackupRestore extends OpsCommand<BackupRestoreResult> {
  static override description = reaching(
    'hosts',
    'restore a workload’s snapshot to a scratch place (never over live data unless --in-place and a confirmation)',
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %> simpus --to docker1:/var/tmp/restore-simpus',
    '<%= config.bin %> <%= command.id %> simpus-db --database simpus --to simpus_restored',
    '<%= config.bin %> <%= command.id %> simpus-db --snapshot 4f2a9c1e --database simpus_restored',
    '<%= config.bin %> <%= command.id %> arsip --in-place --yes',
  ]

  static override args = {workload: Args.string({description: 'a workload with a backup section', required: true})}
  static override flags = {
    snapshot: Flags.string({summary: 'snapshot id or unique prefix (default: the newest of each of the workload’s items)', env: 'KOTADC_SNAPSHOT'}),
    to: Flags.string({
      summary: 'HOST:PATH, an absent or empty directory on the workload’s source host; with --database, the NEW database name',
      env: 'KOTADC_RESTORE_TO',
    }),
    database: Flags.string({
      summary: 'the database whose dump to load (with --to NEW_NAME); alone, the new database to load the one dump into (refused if it exists)',
      env: 'KOTADC_RESTORE_DATABASE',
    }),
    'in-place': Flags.boolean({
      summary: 'put the files back where they came from, over live data (asks first)',
      default: false,
      env: 'KOTADC_IN_PLACE',
    }),
    yes: yesFlag,
  }

  async run(): Promise<BackupRestoreResult> {
    const {args, flags} = await this.parse(BackupRestore)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = await this.underSiteLock(inventory, () =>
      restoreBackup(
        inventory,
        {
          workload: args.workload,
          ...(flags.snapshot ? {snapshot: flags.snapshot} : {}),
          ...(flags.to ? {to: flags.to} : {}),
          ...(flags.database ? {database: flags.database} : {}),
          inPlace: flags['in-place'],
          environ: process.env,
          confirm: confirmer('kotadc backup restore --in-place', flags.yes),
        },
        defaultBackupDeps(),
      ),
    )
    if (!this.jsonEnabled()) this.out(renderBackupRestore(result, this.paint))
    process.exitCode = result.exitCode
    return result
  }
}
