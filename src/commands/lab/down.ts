import {confirmer} from '../../cli/confirm.js'
import {labStateDirFlag, yesFlag} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderLabDown} from '../../cli/render/lab.js'
import {labBaseEnv} from '../../lab/plan.js'
import {openInventory} from '../../services/inventory-open.js'
import {labDown, type LabDownResult} from '../../services/lab/down.js'
import {reaching} from '../../cli/reach.js'

export default class LabDown extends OpsCommand<LabDownResult> {
  static override description = reaching('lab', 'remove the lab containers, networks, keys and overlay of this site')
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --yes --json']

  static override flags = {
    yes: yesFlag,
    'state-dir': labStateDirFlag,
  }

  async run(): Promise<LabDownResult> {
    const {flags} = await this.parse(LabDown)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: labBaseEnv(flags.env), site: flags.site, environ: process.env})
    const site = inventory.site.name
    await confirmer('lab down', flags.yes)(`remove every lab container and network of site ${site}?`)
    const result = await labDown({
      inventoryRoot: inventory.root,
      site,
      ...(flags['state-dir'] ? {stateDir: flags['state-dir']} : {}),
      onProgress: (line) => this.note(line),
    })
    if (!this.jsonEnabled()) this.out(renderLabDown(result))
    return result
  }
}
