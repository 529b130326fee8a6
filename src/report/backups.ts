import type {BackupStatus} from '../status/model.js'
import {formatHours, formatTime} from './format.js'
import {html, type SafeHtml} from './html.js'
import type {Say} from './messages/index.js'
import {badge, empty, section, table} from './parts.js'
import {backupTone, drillTone} from './tones.js'

const ORDER: Record<BackupStatus['status'], number> = {never: 0, stale: 1, fresh: 2, unplanned: 3}

function drillCell(b: BackupStatus, say: Say): SafeHtml {
  if (!b.lastDrill) return badge('warn', say('drill.never'))
  return html`${badge(drillTone(b), say(b.lastDrill.passed ? 'drill.passed' : 'drill.failed'))}
    <span class="when">${formatTime(b.lastDrill.at, 'date')}</span>`
}

function backupRow(b: BackupStatus, say: Say): SafeHtml {
  return html`<tr class="${backupTone(b)}" data-backup="${b.workload}">
    <td class="name">${b.workload}</td>
    <td>${b.agency}</td>
    <td>${b.policy}</td>
    <td>${badge(backupTone(b), say(`backup.${b.status}`))}</td>
    <td class="when">${b.newest ? formatTime(b.newest) : '–'}</td>
    <td class="num">${b.ageHours === undefined ? '–' : formatHours(b.ageHours, say)}</td>
    <td class="num">${formatHours(b.rpoHours, say)}</td>
    <td class="when">${drillCell(b, say)}</td>
  </tr>`
}

/** Rows coloured by freshness, late and missing backups first. */
export function renderBackups(backups: readonly BackupStatus[], say: Say): SafeHtml {
  const rows = [...backups].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.workload.localeCompare(b.workload)).map((b) => backupRow(b, say))
  const head = [say('workload'), say('agency'), say('policy'), say('state'), say('newest'), say('age'), say('rpo'), say('lastDrill')]
  return section('backups', say('backups'), rows.length ? table('rows', head, rows) : empty(say('noBackups')), String(backups.length))
}
