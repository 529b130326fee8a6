import type {DbListResult} from '../../services/databases/list.js'
import type {Painter} from '../style.js'
import {renderTable} from './table.js'

const size = (bytes: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = bytes
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`
}

/** Human form of `kotadc db list`: one row per database, then the hosts that could not be asked. */
export function renderDbList(r: DbListResult, paint: Painter): string {
  const table = renderTable(
    [
      {header: 'HOST', value: (x: DbListResult['databases'][number]) => x.host},
      {header: 'DATABASE', value: (x) => x.name},
      {header: 'OWNER', value: (x) => x.owner},
      {header: 'SIZE', value: (x) => size(x.sizeBytes), align: 'right'},
      {header: 'CONNECTIONS', value: (x) => String(x.connections), align: 'right'},
      {header: 'WORKLOAD', value: (x) => x.workload ?? (x.name === 'postgres' ? '-' : 'not in the inventory (kept)')},
    ],
    r.databases,
    paint,
  )
  const failed = r.unreachable.map((u) => paint('red', `${u.host}: ${u.error.message}  [${u.error.code}]`))
  return [table, ...failed].join('\n')
}
