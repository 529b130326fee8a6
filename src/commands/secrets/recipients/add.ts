import {Args, Flags} from '@oclif/core'
import {confirmer} from '../../../cli/confirm.js'
import {yesFlag} from '../../../cli/flags.js'
import {OpsCommand} from '../../../cli/ops-command.js'
import {reaching} from '../../../cli/reach.js'
import {renderRecipientsResult} from '../../../cli/render/secrets.js'
import {openInventory} from '../../../services/inventory-open.js'
import {addRecipient, type RecipientsResult} from '../../../services/secrets/recipients.js'

export default class SecretsRecipientsAdd extends OpsCommand<RecipientsResult> {
  static override description = reaching(
    'offline',
    'let one more age identity (an admin, CI) decrypt secrets.age: list its public key and re-encrypt',
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %> age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs5ew3wa --label "budi (admin)"',
    '<%= config.bin %> <%= command.id %> "$(age-keygen -y ci.txt)" --label ci --yes --json',
  ]
  static override args = {key: Args.string({description: 'age public key (age1...), as `age-keygen -y` prints it', required: true})}
  static override flags = {label: Flags.string({summary: 'whose key it is, kept as `# label` in recipients.txt'}), yes: yesFlag}

  async run(): Promise<RecipientsResult> {
    const {args, flags} = await this.parse(SecretsRecipientsAdd)
    this.setupOutput(flags)
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    const confirm = confirmer('kotadc secrets recipients add', flags.yes)
    const result = await this.underSiteLock(inventory, () =>
      addRecipient(inventory, args.key, flags.label, {cwd: process.cwd(), environ: process.env, confirm}),
    )
    if (!this.jsonEnabled()) this.out(renderRecipientsResult(result, this.paint))
    return result
  }
}
