import type {DnsRecordsResult} from '../../services/dns/records.js'
import type {Painter} from '../style.js'
import {renderTable} from './table.js'

/** Human form of `kotadc dns records`. */
export function renderDnsRecords(r: DnsRecordsResult, paint: Painter): string {
  const table = renderTable(
    [
      {header: 'ZONE', value: (x: DnsRecordsResult['records'][number]) => x.zone},
      {header: 'NAME', value: (x) => x.name},
      {header: 'TYPE', value: (x) => x.type},
      {header: 'VALUE', value: (x) => x.value},
    ],
    r.records,
    paint,
  )
  const note = r.outOfZone.length > 0 ? [paint('dim', `not in our zones (served by the proxy only): ${r.outOfZone.join(', ')}`)] : []
  return [table, ...note, `${r.records.length} records in ${r.zones.length} zones`].join('\n')
}
