import type {PingResult} from '../../services/hosts-ping.js'
import type {Painter} from '../style.js'
import {renderTable} from './table.js'

/** Human form of `kotadc hosts ping`: one row per host, then the errors of those that failed. */
export function renderPing(results: readonly PingResult[], paint: Painter): string {
  const table = renderTable<PingResult>(
    [
      {header: 'HOST', value: (r) => r.host},
      {header: 'ADDRESS', value: (r) => r.address},
      {header: 'OK', value: (r) => (r.ok ? 'yes' : 'NO')},
      {header: 'LATENCY', value: (r) => (r.latencyMs === null ? '-' : `${r.latencyMs} ms`), align: 'right'},
      {header: 'OS', value: (r) => (r.os ? `${r.os.id} ${r.os.version} ${r.os.arch}`.trim() : '-')},
      {header: 'SUDO', value: (r) => (r.sudo === null ? '-' : r.sudo ? 'yes' : 'no')},
      {header: 'HOST KEY', value: (r) => r.fingerprint ?? '-'},
    ],
    results,
    paint,
  )
  const errors = results
    .filter((r) => r.error)
    .map(
      (r) =>
        `${paint('bold', r.host)}: ${paint('red', r.error?.message ?? '')}  ${paint('dim', `[${r.error?.code}]`)}\n  fix: ${r.error?.hint ?? ''}`,
    )
  const ok = results.filter((r) => r.ok).length
  return [table, ...errors, paint(ok === results.length ? 'green' : 'red', `${ok} of ${results.length} hosts reachable`)].join('\n')
}
