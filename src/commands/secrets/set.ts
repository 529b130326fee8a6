import {Args} from '@oclif/core'
import {confirmer} from '../../cli/confirm.js'
import {yesFlag} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {reaching} from '../../cli/reach.js'
import {renderSecretWrite} from '../../cli/render/secrets.js'
import {readSecretValue} from '../../cli/secret-input.js'
import {openInventory} from '../../services/inventory-open.js'
import {setSecret, type SecretWriteResult} from '../../services/secrets/values.js'

export default class SecretsSet extends OpsCommand<SecretWriteResult> {
  static override description = reaching('offline', 'store a value in secrets.age, read from stdin or a hidden prompt (never from the command line)')
  static override examples = [
    '<%= config.bin %> <%= command.id %> DINKES_SMTP_PASSWORD',
    'printf %s "$VALUE" | <%= config.bin %> <%= command.id %> DINKES_SMTP_PASSWORD --yes --json',
  ]
  static override args = {name: Args.string({description: 'secret name, as a workload lists it (DINKES_SMTP_PASSWORD)', required: true})}
  static override flags = {yes: yesFlag}

  async run(): Promise<SecretWriteResult> {
    const {args, flags} = await this.parse(SecretsSet)
    this.setupOutput(flags)
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    const value = await readSecretValue(args.name)
    const confirm = confirmer(`kotadc secrets set ${args.name}`, flags.yes)
    const result = await this.underSiteLock(inventory, () =>
      setSecret(inventory, args.name, value, {cwd: process.cwd(), environ: process.env, confirm}),
    )
    if (!this.jsonEnabled()) this.out(renderSecretWrite(result, this.paint))
    return result
  }
}
