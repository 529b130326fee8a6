import type {BackupRestoreResult} from '../../services/backup/restore.js'
import type {Painter} from '../style.js'

/** Human form of `kotadc backup restore`: what was restored where, and each check. */
export function renderBackupRestore(r: BackupRestoreResult, paint: Painter): string {
  const items = r.items.map((i) =>
    [
      `${paint('bold', i.label)}: snapshot ${i.snapshotId.slice(0, 8)} (${i.snapshotTime}) ${i.ok ? paint('green', 'restored') : paint('red', 'FAILED')}`,
      ...i.checks.map((c) => `  ${c.ok ? paint('green', 'ok  ') : paint('red', 'FAIL')} ${c.name}: ${c.detail}`),
    ].join('\n'),
  )
  return [
    ...items,
    r.exitCode === 0 ? paint('green', `${r.workload} restored to ${r.target}`) : paint('red', `restore of ${r.workload} to ${r.target} FAILED`),
  ].join('\n')
}
