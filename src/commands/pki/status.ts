import {OpsCommand} from '../../cli/ops-command.js'
import {renderPkiStatus} from '../../cli/render/pki.js'
import {openInventory} from '../../services/inventory-open.js'
import {pkiStatus, type PkiStatusResult} from '../../services/pki/status.js'
import {reaching} from '../../cli/reach.js'

export default class PkiStatus extends OpsCommand<PkiStatusResult> {
  static override description = reaching('hosts', 'show the site CA and each proxy host’s certificates with their expiry and what the next run does')
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --env lab --json']

  async run(): Promise<PkiStatusResult> {
    const {flags} = await this.parse(PkiStatus)
    this.setupOutput(flags)
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    const result = await pkiStatus(inventory, {cwd: process.cwd(), environ: process.env})
    if (!this.jsonEnabled()) this.out(renderPkiStatus(result, this.paint))
    process.exitCode = result.unreachable.length > 0 ? 3 : 0
    return result
  }
}
