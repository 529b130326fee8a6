import {OpsCommand} from '../../cli/ops-command.js'
import {reaching} from '../../cli/reach.js'
import {renderAuditVerify} from '../../cli/render/audit.js'
import {auditVerify, type AuditVerifyResult} from '../../services/audit/log.js'
import {openInventory} from '../../services/inventory-open.js'

export default class AuditVerify extends OpsCommand<AuditVerifyResult> {
  static override description = reaching(
    'offline',
    'check the audit trail’s hash chain: names each edited, deleted, moved or unreadable record; exit 1 when one is found',
  )
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json | jq -r .head   # note the head']

  async run(): Promise<AuditVerifyResult> {
    const {flags} = await this.parse(AuditVerify)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = await auditVerify(inventory, {cwd: process.cwd(), environ: process.env})
    if (!this.jsonEnabled()) this.out(renderAuditVerify(result, this.paint))
    process.exitCode = result.exitCode
    return result
  }
}
