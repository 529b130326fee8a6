import {Flags} from '@oclif/core'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderPkiInit} from '../../cli/render/pki.js'
import {openInventory} from '../../services/inventory-open.js'
import {initPki, type PkiInitResult} from '../../services/pki/init.js'
import {reaching} from '../../cli/reach.js'

export default class PkiInit extends OpsCommand<PkiInitResult> {
  static override description = reaching('offline', 'create the site CA and keep its key encrypted in inventory/secrets.age (never printed)')
  static override examples = [
    'KOTADC_AGE_IDENTITY=~/.config/kotadc/age.txt <%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --recipient age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs5ew3wa --json',
  ]

  static override flags = {
    recipient: Flags.string({
      summary: 'age recipient to encrypt secrets.age to (repeatable; default: the public key of KOTADC_AGE_IDENTITY)',
      multiple: true,
      env: 'KOTADC_AGE_RECIPIENT',
    }),
    force: Flags.boolean({
      summary: 'replace an existing site CA (certificates it signed are only reissued once they near expiry or are removed)',
      default: false,
    }),
  }

  async run(): Promise<PkiInitResult> {
    const {flags} = await this.parse(PkiInit)
    this.setupOutput(flags)
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    const result = await this.underSiteLock(inventory, () =>
      initPki(inventory, {cwd: process.cwd(), environ: process.env, recipients: flags.recipient ?? [], force: flags.force}),
    )
    if (!this.jsonEnabled()) this.out(renderPkiInit(result, this.paint))
    return result
  }
}
