import {Flags} from '@oclif/core'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderDnsRecords} from '../../cli/render/dns.js'
import {openInventory} from '../../services/inventory-open.js'
import {dnsRecords, type DnsRecordsResult} from '../../services/dns/records.js'
import {reaching} from '../../cli/reach.js'

export default class DnsRecords extends OpsCommand<DnsRecordsResult> {
  static override description = reaching('offline', 'list the records the dns service will serve, from the inventory (forward and reverse zones)')
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --zone 0.10.10.in-addr.arpa --json']

  static override flags = {zone: Flags.string({summary: 'only this zone', env: 'KOTADC_ZONE'})}

  async run(): Promise<DnsRecordsResult> {
    const {flags} = await this.parse(DnsRecords)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = dnsRecords(inventory, {zone: flags.zone})
    if (!this.jsonEnabled()) this.out(renderDnsRecords(result, this.paint))
    return result
  }
}
