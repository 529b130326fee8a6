import {Args, Flags} from '@oclif/core'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderIssues} from '../../cli/render/error.js'
import {renderShowResult} from '../../cli/render/inventory-show.js'
import {openInventory} from '../../services/inventory-open.js'
import {OBJECT_TYPES, showInventoryObject, type ObjectType, type ShowResult} from '../../services/inventory-show.js'
import {reaching} from '../../cli/reach.js'

export default class InventoryShow extends OpsCommand<ShowResult> {
  static override description = reaching('offline', 'show one host, network, agency, workload or backup policy, where it is defined and what relates to it')
  static override examples = [
    '<%= config.bin %> <%= command.id %> docker1',
    '<%= config.bin %> <%= command.id %> simpus --json',
    '<%= config.bin %> <%= command.id %> critical --type policy',
  ]

  static override args = {
    name: Args.string({description: 'name of the object (agency code for an agency)', required: true}),
  }

  static override flags = {
    type: Flags.string({summary: 'look only among objects of this type (when a name is shared)', options: [...OBJECT_TYPES], env: 'KOTADC_SHOW_TYPE'}),
  }

  async run(): Promise<ShowResult> {
    const {args, flags} = await this.parse(InventoryShow)
    this.setupOutput(flags)
    const {inventory, warnings} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    if (this.verbose && warnings.length > 0) this.note(renderIssues(warnings, this.paint))
    const result = showInventoryObject(inventory, args.name, flags.type as ObjectType | undefined)
    if (!this.jsonEnabled()) this.out(renderShowResult(result, this.paint))
    return result
  }
}
