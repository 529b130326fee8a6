import {Flags} from '@oclif/core'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderIssues} from '../../cli/render/error.js'
import {openInventory} from '../../services/inventory-open.js'
import {graphInventory, type GraphResult} from '../../services/inventory-graph.js'
import {GRAPH_FORMATS, type GraphFormat} from '../../inventory/graph.js'
import {reaching} from '../../cli/reach.js'

export default class InventoryGraph extends OpsCommand<GraphResult> {
  static override description = reaching('offline', 'draw site, networks, hosts and workloads as a Mermaid or Graphviz DOT diagram')
  static override examples = [
    '<%= config.bin %> <%= command.id %> > docs/datacenter.mmd',
    '<%= config.bin %> <%= command.id %> --format dot | dot -Tsvg > datacenter.svg',
  ]

  static override flags = {
    format: Flags.string({summary: 'diagram language', options: [...GRAPH_FORMATS], default: 'mermaid', env: 'KOTADC_GRAPH_FORMAT'}),
  }

  async run(): Promise<GraphResult> {
    const {flags} = await this.parse(InventoryGraph)
    this.setupOutput(flags)
    const {inventory, warnings} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    if (this.verbose && warnings.length > 0) this.note(renderIssues(warnings, this.paint))
    const result = graphInventory(inventory, flags.format as GraphFormat)
    if (!this.jsonEnabled()) this.out(result.text.trimEnd())
    return result
  }
}
