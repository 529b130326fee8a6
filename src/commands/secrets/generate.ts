import {Args, Flags} from '@oclif/core'
import {confirmer} from '../../cli/confirm.js'
import {yesFlag} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {reaching} from '../../cli/reach.js'
import {renderSecretWrite} from '../../cli/render/secrets.js'
import {openInventory} from '../../services/inventory-open.js'
import {DEFAULT_SECRET_LENGTH, generateSecret, type SecretWriteResult} from '../../services/secrets/values.js'

export default class SecretsGenerate extends OpsCommand<SecretWriteResult> {
  static override description = reaching('offline', 'store a new random value in secrets.age (never printed)')
  static override examples = [
    '<%= config.bin %> <%= command.id %> SIMPUS_APP_KEY',
    '<%= config.bin %> <%= command.id %> SIMPUS_DB_PASSWORD --length 48 --yes --json',
  ]
  static override args = {name: Args.string({description: 'secret name, as a workload lists it', required: true})}
  static override flags = {
    length: Flags.integer({
      summary: 'characters of URL-safe base64 (6 random bits each)',
      min: 16,
      max: 1024,
      default: DEFAULT_SECRET_LENGTH,
      env: 'KOTADC_SECRET_LENGTH',
    }),
    yes: yesFlag,
  }

  async run(): Promise<SecretWriteResult> {
    const {args, flags} = await this.parse(SecretsGenerate)
    this.setupOutput(flags)
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    const confirm = confirmer(`kotadc secrets generate ${args.name}`, flags.yes)
    const result = await this.underSiteLock(inventory, () =>
      generateSecret(inventory, args.name, flags.length, {cwd: process.cwd(), environ: process.env, confirm}),
    )
    if (!this.jsonEnabled()) this.out(renderSecretWrite(result, this.paint))
    return result
  }
}
