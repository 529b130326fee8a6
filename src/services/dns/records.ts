import type {Inventory} from '../../inventory/model.js'
import type {DnsRecordRow} from '../../dns/records-list.js'
import {listDnsRecords} from '../../dns/records-list.js'
import {buildSiteZones} from '../../dns/zone-model.js'

/** The `kotadc dns records --json` contract. */
export interface DnsRecordsResult {
  zones: string[]
  records: DnsRecordRow[]
  /** Workload domains outside site.domain: the proxy serves them, our DNS does not. */
  outOfZone: string[]
}

/** What the zones will hold, from the inventory alone (no host is contacted); `zone` narrows to one zone. */
export function dnsRecords(inv: Inventory, opts: {zone?: string | undefined} = {}): DnsRecordsResult {
  const zones = buildSiteZones(inv)
  const all = listDnsRecords(zones)
  return {
    zones: [zones.forward.name, ...zones.reverse.map((z) => z.name)],
    records: opts.zone ? all.filter((r) => r.zone === opts.zone) : all,
    outOfZone: zones.outOfZone,
  }
}
