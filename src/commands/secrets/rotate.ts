import {Args, Flags} from '@oclif/core'
import {confirmer} from '../../cli/confirm.js'
import {yesFlag} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {reaching} from '../../cli/reach.js'
import {renderSecretWrite} from '../../cli/render/secrets.js'
import {openInventory} from '../../services/inventory-open.js'
import {rotateSecret, type SecretWriteResult} from '../../services/secrets/values.js'

export default class SecretsRotate extends OpsCommand<SecretWriteResult> {
  static override description = reaching(
    'offline',
    'replace a stored secret with a new random value; the next deploy changes the workloads that read it',
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %> SIMPUS_DB_PASSWORD',
    '<%= config.bin %> <%= command.id %> SIMPUS_DB_PASSWORD --yes --json && <%= config.bin %> deploy',
  ]
  static override args = {name: Args.string({description: 'name of a secret stored in secrets.age', required: true})}
  static override flags = {
    length: Flags.integer({
      summary: 'characters of the new value (default: as long as the old one, at least 32)',
      min: 16,
      max: 1024,
      env: 'KOTADC_SECRET_LENGTH',
    }),
    yes: yesFlag,
  }

  async run(): Promise<SecretWriteResult> {
    const {args, flags} = await this.parse(SecretsRotate)
    this.setupOutput(flags)
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    const confirm = confirmer(`kotadc secrets rotate ${args.name}`, flags.yes)
    const result = await this.underSiteLock(inventory, () =>
      rotateSecret(inventory, args.name, flags.length, {cwd: process.cwd(), environ: process.env, confirm}),
    )
    if (!this.jsonEnabled()) this.out(renderSecretWrite(result, this.paint))
    return result
  }
}
