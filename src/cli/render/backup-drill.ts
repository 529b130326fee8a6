import type {DrillCheck} from '../../backup/drill.js'
import type {BackupDrillResult} from '../../services/backup/drill.js'
import type {Painter} from '../style.js'
import {renderHostFailures} from './backup-failures.js'

const check = (c: DrillCheck, paint: Painter): string => `    ${c.ok ? paint('green', 'ok  ') : paint('red', 'FAIL')} ${c.name}: ${c.detail}`

/** Human form of `kotadc backup drill`: per workload its outcome, each item's checks, and the evidence file. */
export function renderBackupDrill(r: BackupDrillResult, paint: Painter): string {
  const blocks = r.drills.map((d) =>
    [
      `${paint('bold', d.workload)} (${d.host}): ${d.outcome === 'passed' ? paint('green', 'passed') : paint('red', `DRILL FAILED for workload ${d.workload}`)}`,
      ...d.items.flatMap((i) => [
        `  ${i.label}${i.snapshotId ? ` (snapshot ${i.snapshotId.slice(0, 8)}, ${i.snapshotTime})` : ''}`,
        ...i.checks.map((c) => check(c, paint)),
      ]),
      check(d.cleanup, paint),
      paint('dim', `  evidence: ${d.evidence}`),
    ].join('\n'),
  )
  const failed = r.drills.filter((d) => d.outcome === 'failed')
  const summary = failed.length
    ? paint('red', `drill FAILED for ${failed.map((d) => d.workload).join(', ')}`)
    : paint('green', `${r.drills.length} workload drills passed`)
  return [...blocks, ...renderHostFailures(r.failures, paint), summary].join('\n')
}
