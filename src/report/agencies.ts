import type {AgencyStatus, WorkloadStatus} from '../status/model.js'
import {html, type SafeHtml} from './html.js'
import type {Say} from './messages/index.js'
import {badge, empty, section, worst} from './parts.js'
import {workloadTone} from './tones.js'

function workloadRow(w: WorkloadStatus, say: Say): SafeHtml {
  // An answering port is the normal case and stays quiet; a silent one says so in words.
  const port = w.port
    ? w.port.answering
      ? html` <span class="port" title="${say('port.answering')}">:${w.port.port}</span>`
      : html` <span class="port">:${w.port.port}</span> ${badge('warn', say('port.silent'))}`
    : ''
  return html`<tr data-workload="${w.name}" class="${workloadTone(w)}">
    <td class="name">${w.name}${port}${w.detail ? html`<div class="detail">${w.detail}</div>` : ''}</td>
    <td>${say(`workloadKind.${w.kind}`)}</td>
    <td>${w.host ?? '–'}</td>
    <td class="state">${badge(workloadTone(w), say(`workload.${w.state}`))}</td>
  </tr>`
}

function agencyCard(a: AgencyStatus, say: Say): SafeHtml {
  const tone = a.workloads.length ? worst(a.workloads.map(workloadTone)) : 'muted'
  const body = a.workloads.length
    ? html`<table class="compact">
        <tbody>
          ${a.workloads.map((w) => workloadRow(w, say))}
        </tbody>
      </table>`
    : empty(say('noWorkloads'))
  return html`<article class="card ${tone}" data-agency="${a.code}">
    <h3><span class="code">${a.code}</span> ${a.name}</h3>
    ${body}
  </article>`
}

/** Agencies whose workloads need attention come first; the rest keep the snapshot's order. */
export function renderAgencies(agencies: readonly AgencyStatus[], say: Say): SafeHtml {
  const rank = (a: AgencyStatus): number => ({bad: 0, warn: 1, muted: 2, ok: 3})[a.workloads.length ? worst(a.workloads.map(workloadTone)) : 'muted']
  const ordered = agencies.map((a, i) => ({a, i})).sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i)
  const count = agencies.reduce((n, a) => n + a.workloads.length, 0)
  return section(
    'agencies',
    say('agencies'),
    html`<div class="columns">${ordered.map(({a}) => agencyCard(a, say))}</div>`,
    `${agencies.length} · ${count}`,
  )
}
