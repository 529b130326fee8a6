import {Args} from '@oclif/core'
import {splitList} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderPing} from '../../cli/render/ping.js'
import {pingHosts, type PingResult} from '../../services/hosts-ping.js'
import {openInventory} from '../../services/inventory-open.js'
import {reaching} from '../../cli/reach.js'

export default class HostsPing extends OpsCommand<PingResult[]> {
  static override description = reaching('hosts', 'check that hosts answer over SSH: host key, login, sudo and OS facts')
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> role:dns --env lab --json']

  static override strict = false
  static override args = {targets: Args.string({description: 'hosts, role:<role>, agency:<code> (default: all)', required: false})}

  async run(): Promise<PingResult[]> {
    const {argv, flags} = await this.parse(HostsPing)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const results = await pingHosts(inventory, {targets: splitList(argv as string[]), environ: process.env})
    if (!this.jsonEnabled()) this.out(renderPing(results, this.paint))
    process.exitCode = results.every((r) => r.ok) ? 0 : 3
    return results
  }
}
