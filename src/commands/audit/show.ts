import {Args} from '@oclif/core'
import {OpsCommand} from '../../cli/ops-command.js'
import {reaching} from '../../cli/reach.js'
import {renderAuditShow} from '../../cli/render/audit.js'
import {auditShow, type AuditShowResult} from '../../services/audit/log.js'
import {openInventory} from '../../services/inventory-open.js'

export default class AuditShow extends OpsCommand<AuditShowResult> {
  static override description = reaching('offline', 'one audit record in full: every phase with what it changed, the error, the signal')
  static override examples = ['<%= config.bin %> <%= command.id %> 12', '<%= config.bin %> <%= command.id %> 12 --json']
  static override args = {n: Args.integer({description: 'the record number, as the first column of `audit log` shows it', required: true, min: 1})}

  async run(): Promise<AuditShowResult> {
    const {args, flags} = await this.parse(AuditShow)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = await auditShow(inventory, {cwd: process.cwd(), environ: process.env, n: args.n})
    if (!this.jsonEnabled()) this.out(renderAuditShow(result, this.paint))
    return result
  }
}
