import {OpsCommand} from '../../cli/ops-command.js'
import {reaching} from '../../cli/reach.js'
import {renderSecretList} from '../../cli/render/secrets.js'
import {openInventory} from '../../services/inventory-open.js'
import {listSecretsOf, type SecretListResult} from '../../services/secrets/read.js'

export default class SecretsList extends OpsCommand<SecretListResult> {
  static override description = reaching('offline', 'secret names, what reads each, and which are unused or missing (never a value)')
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<SecretListResult> {
    const {flags} = await this.parse(SecretsList)
    this.setupOutput(flags)
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    const result = await listSecretsOf(inventory, {cwd: process.cwd(), environ: process.env})
    if (!this.jsonEnabled()) this.out(renderSecretList(result, this.paint))
    return result
  }
}
