import type {BackupStatusResult} from '../../services/backup/status.js'
import type {Painter} from '../style.js'
import {renderHostFailures} from './backup-failures.js'
import {renderTable} from './table.js'

type Row = BackupStatusResult['workloads'][number]

const STATUS: Record<Row['status'], string> = {fresh: 'fresh', stale: 'STALE', never: 'NO SNAPSHOT', unplanned: 'NOT BACKED UP'}

const age = (h: number | undefined): string => (h === undefined ? '-' : h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} d`)

/** Human form of `kotadc backup status`: each workload's stalest item against its RPO. */
export function renderBackupStatus(r: BackupStatusResult, paint: Painter): string {
  const worst = (w: Row) => w.items.reduce((a, i) => Math.max(a, i.ageHours ?? 0), 0)
  const table = renderTable<Row>(
    [
      {header: 'WORKLOAD', value: (w) => w.workload},
      {header: 'AGENCY', value: (w) => w.agency},
      {header: 'POLICY', value: (w) => w.policy},
      {header: 'AGE', value: (w) => (w.status === 'never' || w.status === 'unplanned' ? '-' : age(worst(w))), align: 'right'},
      {header: 'RPO', value: (w) => `${w.rpoHours} h`, align: 'right'},
      {header: 'STATUS', value: (w) => STATUS[w.status]},
    ],
    r.workloads,
    paint,
  )
  const bad = r.workloads.filter((w) => w.status !== 'fresh')
  const summary = bad.length
    ? paint('red', `${bad.length} of ${r.workloads.length} workloads stale or never backed up: ${bad.map((w) => w.workload).join(', ')}`)
    : paint('green', `all ${r.workloads.length} workloads within their RPO`)
  const why = r.workloads.filter((w) => w.reason).map((w) => paint('red', `${w.workload}: not backed up by any host: ${w.reason}`))
  return [table, ...renderHostFailures(r.failures, paint), ...why, summary].join('\n')
}
