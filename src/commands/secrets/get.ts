import {Args, Flags} from '@oclif/core'
import {OpsCommand} from '../../cli/ops-command.js'
import {reaching} from '../../cli/reach.js'
import {openInventory} from '../../services/inventory-open.js'
import {revealSecret, type SecretGetResult} from '../../services/secrets/read.js'

export default class SecretsGet extends OpsCommand<SecretGetResult> {
  static override description = reaching('offline', 'show one stored value: only with --reveal, and without a terminal only with --reveal --json')
  static override examples = [
    '<%= config.bin %> <%= command.id %> SIMPUS_DB_PASSWORD --reveal',
    '<%= config.bin %> <%= command.id %> SIMPUS_DB_PASSWORD --reveal --json | jq -r .value',
  ]
  static override args = {name: Args.string({description: 'name of a secret stored in secrets.age', required: true})}
  static override flags = {reveal: Flags.boolean({summary: 'print the value (it is shown nowhere otherwise)', default: false})}

  async run(): Promise<SecretGetResult> {
    const {args, flags} = await this.parse(SecretsGet)
    this.setupOutput(flags)
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    const opts = {cwd: process.cwd(), environ: process.env, reveal: flags.reveal, json: this.jsonEnabled(), terminal: process.stdout.isTTY === true}
    const result = await revealSecret(inventory, args.name, opts)
    if (!this.jsonEnabled()) this.out(result.value)
    return result
  }
}
