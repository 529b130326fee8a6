import {READ_CYCLE_PARTS} from '../../backup/read-subset.js'
import type {BackupVerifyResult} from '../../services/backup/verify.js'
import type {Painter} from '../style.js'
import {renderHostFailures} from './backup-failures.js'

/** Human form of `kotadc backup verify`: one line per repository, its problems under it. */
export function renderBackupVerify(r: BackupVerifyResult, paint: Painter): string {
  const lines = r.repositories.map(
    (c) =>
      `${paint('bold', c.host)} ${c.repository}: ${c.ok ? paint('green', 'no errors') : paint('red', 'ERRORS')}${c.problems.map((p) => `\n  ${p}`).join('')}`,
  )
  const bad = r.repositories.filter((c) => !c.ok)
  const summary = bad.length
    ? paint('red', `${bad.length} repositor${bad.length === 1 ? 'y has' : 'ies have'} errors (read ${r.readDataSubset} of the data)`)
    : paint('green', `${r.repositories.length} repositories checked, ${r.readDataSubset} of the data read back`)
  // A sample says nothing about the packs it did not read; say so rather than let "no errors" stand for all data.
  const partial =
    r.readDataSubset === '100%'
      ? []
      : [
          `only ${r.readDataSubset} of the pack files were read back: a damaged pack outside that share is not seen (--read-data-subset 100% reads all; the weekly scheduled check reads every pack within ${READ_CYCLE_PARTS} weeks)`,
        ]
  return [...lines, ...renderHostFailures(r.failures, paint), summary, ...partial].join('\n')
}
