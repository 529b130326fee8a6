import {Args} from '@oclif/core'
import {confirmer} from '../../../cli/confirm.js'
import {yesFlag} from '../../../cli/flags.js'
import {OpsCommand} from '../../../cli/ops-command.js'
import {reaching} from '../../../cli/reach.js'
import {renderRecipientsResult} from '../../../cli/render/secrets.js'
import {openInventory} from '../../../services/inventory-open.js'
import {removeRecipient, type RecipientsResult} from '../../../services/secrets/recipients.js'

export default class SecretsRecipientsRemove extends OpsCommand<RecipientsResult> {
  static override description = reaching(
    'offline',
    'stop an age identity from decrypting secrets.age: drop its key and re-encrypt (then rotate what it knew)',
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %> age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs5ew3wa',
    '<%= config.bin %> <%= command.id %> age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs5ew3wa --yes --json',
  ]
  static override args = {key: Args.string({description: 'age public key to remove, as listed in recipients.txt', required: true})}
  static override flags = {yes: yesFlag}

  async run(): Promise<RecipientsResult> {
    const {args, flags} = await this.parse(SecretsRecipientsRemove)
    this.setupOutput(flags)
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    const confirm = confirmer('kotadc secrets recipients remove', flags.yes)
    const result = await this.underSiteLock(inventory, () =>
      removeRecipient(inventory, args.key, {cwd: process.cwd(), environ: process.env, confirm}),
    )
    if (!this.jsonEnabled()) this.out(renderRecipientsResult(result, this.paint))
    return result
  }
}
