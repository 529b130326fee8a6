import {OpsCommand} from '../../cli/ops-command.js'
import {renderDbList} from '../../cli/render/db-list.js'
import {listDatabases, type DbListResult} from '../../services/databases/list.js'
import {openInventory} from '../../services/inventory-open.js'
import {reaching} from '../../cli/reach.js'

export default class DbList extends OpsCommand<DbListResult> {
  static override description = reaching('hosts', 'list the databases on each database host, read from the server: owner, size, connections')
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --env lab --json']

  async run(): Promise<DbListResult> {
    const {flags} = await this.parse(DbList)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = await listDatabases(inventory, {environ: process.env})
    if (!this.jsonEnabled()) this.out(renderDbList(result, this.paint))
    process.exitCode = result.unreachable.length > 0 ? 3 : 0
    return result
  }
}
