import {OpsCommand} from '../../../cli/ops-command.js'
import {reaching} from '../../../cli/reach.js'
import {renderRecipientsResult} from '../../../cli/render/secrets.js'
import {openInventory} from '../../../services/inventory-open.js'
import {listRecipients, type RecipientsResult} from '../../../services/secrets/recipients.js'

export default class SecretsRecipientsList extends OpsCommand<RecipientsResult> {
  static override description = reaching('offline', 'the age public keys secrets.age is encrypted to (inventory/recipients.txt)')
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<RecipientsResult> {
    const {flags} = await this.parse(SecretsRecipientsList)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = await listRecipients(inventory, {cwd: process.cwd(), environ: process.env})
    if (!this.jsonEnabled()) this.out(renderRecipientsResult(result, this.paint))
    return result
  }
}
