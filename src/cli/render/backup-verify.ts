import type {BackupVerifyResult} from '../../services/backup/verify.js'
import type {Painter} from '../style.js'
import {renderHostFailures} from './backup-failures.js'

/** Human form of `kotadc backup verify`: one line per repository, its problems under it. */
export function renderBackupVerify(r: BackupVerifyResult, paint: Painter): string {
  const lines = r.repositories.map((c) =>
    `${paint('bold', c.host)} ${c.repository}: ${c.ok ? paint('green', 'no errors') : paint('red', 'ERRORS')}${c.problems.map((p) => `\n  ${p}`).join('')}`)
  const bad = r.repositories.filter((c) => !c.ok)
  const summary = bad.length ? paint('red', `${bad.length} repositor${bad.length === 1 ? 'y has' : 'ies have'} errors (read ${r.readDataSubset} of the data)`) : paint('green', `${r.repositories.length} repositories checked, ${r.readDataSubset} of the data read back`)
  return [...lines, ...renderHostFailures(r.failures, paint), summary].join('\n')
}
