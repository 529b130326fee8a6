import type {DeployStatus} from '../status/model.js'
import {formatDuration, formatTime} from './format.js'
import {html, type SafeHtml} from './html.js'
import type {Say} from './messages/index.js'
import {badge, empty, section, table} from './parts.js'
import {deployTone} from './tones.js'

/** How many deploys the page lists, newest first (the snapshot holds at most as many). */
export const REPORT_DEPLOYS = 20

export function renderDeploys(deploys: readonly DeployStatus[], say: Say): SafeHtml {
  const rows = deploys.slice(0, REPORT_DEPLOYS).map(
    (d) =>
      html`<tr class="${deployTone(d)}" data-deploy="${d.seq ?? ''}">
        <td class="num">${d.seq ?? '–'}</td>
        <td class="when">${formatTime(d.at)}</td>
        <td>${d.user}</td>
        <td>${badge(deployTone(d), say(`deploy.${d.outcome}`))}${d.error ? html`<div class="detail">${d.error}</div>` : ''}</td>
        <td>${d.phases.join(', ')}</td>
        <td><code>${d.inventoryCommit ? d.inventoryCommit.slice(0, 12) : '–'}</code></td>
        <td class="num">${formatDuration(d.durationMs, say)}</td>
      </tr>`,
  )
  const head = [say('deployNumber'), say('time'), say('user'), say('outcome'), say('phases'), say('commit'), say('duration')]
  return section('deploys', say('deploys'), rows.length ? table('rows', head, rows) : empty(say('noDeploys')), String(rows.length))
}
