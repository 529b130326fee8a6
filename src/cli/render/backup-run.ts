import type {BackupRunResult} from '../../services/backup/run.js'
import type {Painter} from '../style.js'
import {renderHostFailures} from './backup-failures.js'
import {renderTable} from './table.js'

/** Human form of `kotadc backup run`: one row per host and policy, then what failed. */
export function renderBackupRun(r: BackupRunResult, paint: Painter): string {
  const table = renderTable(
    [
      {header: 'HOST', value: (x: BackupRunResult['runs'][number]) => x.host},
      {header: 'POLICY', value: (x) => x.policy},
      {header: 'STATUS', value: (x) => (x.status === 'ok' ? 'ok' : x.status.toUpperCase())},
      {header: 'TIME', value: (x) => `${(x.durationMs / 1000).toFixed(1)} s`, align: 'right'},
      {header: 'ITEMS', value: (x) => x.items.join(', ')},
    ],
    r.runs,
    paint,
  )
  const failed = r.runs
    .filter((x) => x.status !== 'ok')
    .map(
      (x) =>
        `${paint('bold', `${x.host} ${x.policy}`)}: ${paint('red', x.status === 'busy' ? 'an earlier run still holds the lock; nothing was started' : `failed items: ${x.failedItems.join(', ') || '(see below)'}`)}${x.stderrTail ? `\n${paint('dim', x.stderrTail.replace(/^/gm, '  '))}` : ''}`,
    )
  const ok = r.exitCode === 0
  return [
    table,
    ...failed,
    ...renderHostFailures(r.failures, paint),
    paint(ok ? 'green' : 'red', ok ? `${r.runs.length} backup run${r.runs.length === 1 ? '' : 's'} succeeded` : 'backup run FAILED'),
  ].join('\n')
}
