import type {BackupPruneResult} from '../../services/backup/prune.js'
import type {Painter} from '../style.js'
import {renderHostFailures} from './backup-failures.js'
import {renderTable} from './table.js'

/** Human form of `kotadc backup prune`. */
export function renderBackupPrune(r: BackupPruneResult, paint: Painter): string {
  const table = renderTable(
    [
      {header: 'HOST', value: (p: BackupPruneResult['prunes'][number]) => p.host},
      {header: 'POLICY', value: (p) => p.policy},
      {header: 'STATUS', value: (p) => (p.status === 'failed' ? 'FAILED' : p.status)},
      {header: 'KEEP', value: (p) => p.keep.join(' ')},
    ],
    r.prunes,
    paint,
  )
  const failed = r.prunes.filter((p) => p.stderrTail).map((p) => `${paint('bold', `${p.host} ${p.policy}`)}:\n${p.stderrTail!.replace(/^/gm, '  ')}`)
  return [table, ...failed, ...renderHostFailures(r.failures, paint)].join('\n')
}
