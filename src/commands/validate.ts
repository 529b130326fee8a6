import {OpsCommand} from '../cli/ops-command.js'
import {renderWarnings} from '../cli/render/error.js'
import {renderValidateResult} from '../cli/render/validate.js'
import {validateInventory, type ValidateResult} from '../services/validate.js'
import {reaching} from '../cli/reach.js'

export default class Validate extends OpsCommand<ValidateResult> {
  static override description = reaching('offline', 'check the inventory and list every problem with its file:line and a fix')
  static override examples = [
    {description: 'check inventory/ in the current directory', command: '<%= config.bin %> validate'},
    {
      description: 'check another inventory with the lab overlay, as JSON',
      command: '<%= config.bin %> validate -i ../dc2/inventory --env lab --json',
    },
    {description: 'refuse if the inventory is not for site kotamobagu-dc', command: '<%= config.bin %> validate --site kotamobagu-dc'},
  ]

  async run(): Promise<ValidateResult> {
    const {flags} = await this.parse(Validate)
    this.setupOutput(flags)
    const result = await validateInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(result.demoIdentity)
    if (result.warnings.length) this.note(renderWarnings(result.warnings, this.paint, this.verbose))
    this.out(renderValidateResult(result, this.paint))
    return result
  }
}
