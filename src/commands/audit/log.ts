import {Flags} from '@oclif/core'
import {OpsCommand} from '../../cli/ops-command.js'
import {reaching} from '../../cli/reach.js'
import {renderAuditLog} from '../../cli/render/audit.js'
import {auditLog, type AuditLogResult} from '../../services/audit/log.js'
import {openInventory} from '../../services/inventory-open.js'

export default class AuditLog extends OpsCommand<AuditLogResult> {
  static override description = reaching(
    'offline',
    'the deploy history from the audit trail, newest first: who, when, phases, outcome, duration, inventory commit',
  )
  static override examples = ['<%= config.bin %> <%= command.id %> --since 7d', '<%= config.bin %> <%= command.id %> --user andi --json']
  static override flags = {
    since: Flags.string({summary: 'only records this recent: 30m, 12h, 7d, 4w, or an ISO date', env: 'KOTADC_SINCE'}),
    user: Flags.string({summary: 'only deploys by this login name'}),
  }

  async run(): Promise<AuditLogResult> {
    const {flags} = await this.parse(AuditLog)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = await auditLog(inventory, {
      cwd: process.cwd(),
      environ: process.env,
      now: new Date(),
      ...(flags.since === undefined ? {} : {since: flags.since}),
      ...(flags.user === undefined ? {} : {user: flags.user}),
    })
    if (!this.jsonEnabled()) this.out(renderAuditLog(result, this.paint))
    return result
  }
}
