import type {BackupListResult} from '../../services/backup/list.js'
import type {Painter} from '../style.js'
import {renderHostFailures} from './backup-failures.js'
import {renderTable} from './table.js'

type Row = {workload: string; host: string; snapshot: BackupListResult['workloads'][number]['snapshots'][number] | undefined}

/** Human form of `kotadc backup list`: one row per snapshot, grouped by workload (a workload with none shows a dash). */
export function renderBackupList(r: BackupListResult, paint: Painter): string {
  const rows: Row[] = r.workloads.flatMap((w): Row[] =>
    w.snapshots.length
      ? w.snapshots.map((s) => ({workload: w.workload, host: w.host, snapshot: s}))
      : [{workload: w.workload, host: w.host, snapshot: undefined}],
  )
  const table = renderTable<Row>(
    [
      {header: 'WORKLOAD', value: (x) => x.workload},
      {header: 'HOST', value: (x) => x.host},
      {header: 'SNAPSHOT', value: (x) => x.snapshot?.shortId ?? '-'},
      {header: 'TIME', value: (x) => x.snapshot?.time.replace(/\.\d+/, '') ?? 'no snapshot'},
      {header: 'KIND', value: (x) => x.snapshot?.kind ?? ''},
      {header: 'PATHS', value: (x) => x.snapshot?.paths.join(' ') ?? ''},
    ],
    rows,
    paint,
  )
  return [table, ...renderHostFailures(r.failures, paint)].join('\n')
}
