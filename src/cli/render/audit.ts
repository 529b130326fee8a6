import type {AuditLogResult, AuditShowResult, AuditVerifyResult} from '../../services/audit/log.js'
import type {AuditEntry} from '../../services/audit/trail.js'
import type {Painter} from '../style.js'
import {renderTable} from './table.js'

const duration = (ms: number): string =>
  ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`
const outcome = (e: AuditEntry, paint: Painter): string =>
  e.outcome === 'succeeded' ? e.outcome : paint('red', e.outcome.toUpperCase() + (e.error ? ` ${e.error}` : ''))
const commit = (e: AuditEntry): string => (e.inventoryCommit ? `${e.inventoryCommit.slice(0, 12)}${e.dirty ? '+dirty' : ''}` : '-')

/** Human form of `kotadc audit log`: one line per deploy, newest first. */
export function renderAuditLog(r: AuditLogResult, paint: Painter): string {
  if (r.records.length === 0) return paint('dim', `no deploy recorded in ${r.where}`)
  const table = renderTable<AuditEntry>(
    [
      {header: '#', value: (e) => String(e.seq), align: 'right'},
      {header: 'AT', value: (e) => e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')},
      {header: 'USER', value: (e) => `${e.user}@${e.host}`},
      {header: 'ENV', value: (e) => e.env ?? '-'},
      {header: 'OUTCOME', value: (e) => outcome(e, paint)},
      {header: 'TOOK', value: (e) => duration(e.durationMs), align: 'right'},
      {header: 'COMMIT', value: commit},
      {header: 'PHASES', value: (e) => e.phases.map((p) => `${p.name}:${p.status}`).join(' ')},
    ],
    r.records,
    paint,
  )
  return `${table}\n${paint('dim', `${r.records.length} record${r.records.length === 1 ? '' : 's'} from ${r.where}`)}`
}

/** Human form of `kotadc audit show N`: the record, each phase with its changes. */
export function renderAuditShow(r: AuditShowResult, paint: Painter): string {
  const e = r.record
  const head = [
    `${paint('bold', `deploy #${e.seq}`)}  ${e.at}  ${outcome(e, paint)}`,
    `by ${e.user}@${e.host}: ${e.command}`,
    `site ${e.site}${e.env ? `, env ${e.env}` : ''}, inventory commit ${commit(e)}, took ${duration(e.durationMs)}`,
    ...(e.signal ? [`stopped by ${e.signal} during ${e.interruptedPhase ?? 'an unknown phase'}`] : []),
  ]
  const phases = e.phases.flatMap((p) =>
    'changes' in p
      ? [
          `  ${p.name}: ${p.status}`,
          ...p.changes.map((c) => `    ${c}`),
          ...(p.uncertain ?? []).map((s) => paint('yellow', `    ${s}: apply started, may be partly changed`)),
        ]
      : [`  ${p.name}: ${p.status} (${p.reason})`],
  )
  return [...head, 'phases:', ...phases, paint('dim', `hash ${e.hash ?? 'none (written before the hash chain)'}`)].join('\n')
}

/** Human form of `kotadc audit verify`. */
export function renderAuditVerify(r: AuditVerifyResult, paint: Painter): string {
  const lines = r.breaks.map((b) => paint('red', b.message))
  if (r.legacy > 0)
    lines.push(
      paint(
        'yellow',
        `the first ${r.legacy} record${r.legacy === 1 ? '' : 's'} were written before kotadc hashed its audit records: they are present but unproven`,
      ),
    )
  lines.push(
    r.intact
      ? paint('green', `${r.where}: ${r.records} record${r.records === 1 ? '' : 's'}, chain intact`)
      : paint('red', `${r.where}: ${r.breaks.length} problem${r.breaks.length === 1 ? '' : 's'} in ${r.records} records`),
  )
  if (r.head) lines.push(paint('dim', `head ${r.head} (note it: records cut from the end leave a shorter valid chain)`))
  return lines.join('\n')
}
