import {limitFlag, splitList} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderSynth} from '../../cli/render/deploy.js'
import {TerraformRunner} from '../../exec/terraform/runner.js'
import {openInventory} from '../../services/inventory-open.js'
import {synthSiteStacks, type StacksSynthResult} from '../../services/stacks-synth.js'
import {reaching} from '../../cli/reach.js'

export default class StacksSynth extends OpsCommand<StacksSynthResult> {
  static override description = reaching('offline', 'synthesize the container stacks into .kotadc/stacks/, rewriting only what changed')
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --limit docker1 --json']

  static override flags = {limit: limitFlag}

  async run(): Promise<StacksSynthResult> {
    const {flags} = await this.parse(StacksSynth)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = await synthSiteStacks(
      inventory,
      {limit: splitList(flags.limit), cwd: process.cwd(), environ: process.env},
      {terraform: new TerraformRunner({binary: inventory.terraform.binary}), now: () => Date.now()},
    )
    if (!this.jsonEnabled()) this.out(renderSynth(result, this.paint))
    return result
  }
}
