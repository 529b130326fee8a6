import {Args, Flags} from '@oclif/core'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderIssues} from '../../cli/render/error.js'
import {renderListResult} from '../../cli/render/inventory-list.js'
import {ROLES, WORKLOAD_KINDS} from '../../inventory/model.js'
import {LIST_KINDS, listInventory, type ListResult} from '../../services/inventory-list.js'
import {openInventory} from '../../services/inventory-open.js'
import {reaching} from '../../cli/reach.js'

export default class InventoryList extends OpsCommand<ListResult> {
  static override description = reaching('offline', 'list hosts, agencies, workloads or networks of the inventory')
  static override examples = [
    '<%= config.bin %> <%= command.id %> hosts',
    '<%= config.bin %> <%= command.id %> hosts --role docker',
    '<%= config.bin %> <%= command.id %> workloads --agency dinkes --kind container',
    '<%= config.bin %> <%= command.id %> networks --json',
  ]

  static override args = {
    objects: Args.string({description: 'what to list', required: true, options: [...LIST_KINDS]}),
  }

  static override flags = {
    role: Flags.string({summary: 'hosts only: those with this role', options: [...ROLES], env: 'KOTADC_LIST_ROLE'}),
    agency: Flags.string({summary: 'workloads only: those of this agency code', env: 'KOTADC_LIST_AGENCY'}),
    kind: Flags.string({summary: 'workloads only: those of this kind', options: [...WORKLOAD_KINDS], env: 'KOTADC_LIST_KIND'}),
    host: Flags.string({summary: 'workloads only: those running on this host or hypervisor', env: 'KOTADC_LIST_HOST'}),
  }

  async run(): Promise<ListResult> {
    const {args, flags} = await this.parse(InventoryList)
    this.setupOutput(flags)
    const {inventory, warnings} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    if (this.verbose && warnings.length > 0) this.note(renderIssues(warnings, this.paint))
    // oclif has already checked the values against `options`; the casts only narrow string to the unions.
    const result = listInventory(inventory, args.objects as ListResult['kind'], {
      role: flags.role as (typeof ROLES)[number] | undefined,
      agency: flags.agency,
      kind: flags.kind as (typeof WORKLOAD_KINDS)[number] | undefined,
      host: flags.host,
    })
    if (!this.jsonEnabled()) this.out(renderListResult(result, this.paint))
    return result
  }
}
