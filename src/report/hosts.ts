import type {HostStatus} from '../status/model.js'
import {usageBar} from './charts.js'
import {formatBytes, formatSeconds, percent} from './format.js'
import {html, type SafeHtml} from './html.js'
import type {Say} from './messages/index.js'
import {badge, section, worst} from './parts.js'
import {hostTone, usageTone} from './tones.js'

function usageRow(label: string, used: number, total: number, say: Say): SafeHtml {
  const pct = percent(used, total)
  const text = `${say('ofTotal', {n: formatBytes(used), total: formatBytes(total)})} (${pct} %)`
  return html`<div class="usage">
    <span class="usage-label">${label}</span>${usageBar(used, total, `${label}: ${text}`)}<span class="usage-value ${usageTone(pct)}">${pct} %</span>
  </div>`
}

function facts(h: HostStatus, say: Say): SafeHtml {
  const rows: SafeHtml[] = []
  if (h.os)
    rows.push(
      html`<dt>${say('os')}</dt>
        <dd>${h.os}</dd>`,
    )
  if (h.uptimeSeconds !== undefined)
    rows.push(
      html`<dt>${say('uptime')}</dt>
        <dd>${formatSeconds(h.uptimeSeconds, say)}</dd>`,
    )
  if (h.load)
    rows.push(
      html`<dt>${say('load')}</dt>
        <dd>${h.load.map((l) => l.toFixed(2)).join(' · ')}</dd>`,
    )
  return html`<dl class="facts">${rows}</dl>`
}

function hostCard(h: HostStatus, say: Say): SafeHtml {
  const memory = h.memory ? usageRow(say('memory'), h.memory.totalBytes - h.memory.availableBytes, h.memory.totalBytes, say) : ''
  const disks = (h.filesystems ?? []).map((f) => usageRow(`${say('disk')} ${f.mount}`, f.usedBytes, f.sizeBytes, say))
  // An unreachable host has only its error; a reachable one whose probe failed shows what it could read and why.
  const error = h.error ? html`<p class="error">${h.error.message} [${h.error.code}]</p>` : ''
  const body = h.reachable ? html`${facts(h, say)}${memory}${disks}${error}` : error
  const usages = [
    ...(h.memory ? [percent(h.memory.totalBytes - h.memory.availableBytes, h.memory.totalBytes)] : []),
    ...(h.filesystems ?? []).map((f) => percent(f.usedBytes, f.sizeBytes)),
  ]
  // A reachable host with a full disk is not a green card.
  const tone = worst([hostTone(h), ...(h.error ? ['warn' as const] : []), ...usages.map(usageTone)])
  return html`<article class="card host ${tone}" data-host="${h.name}">
    <h3>${h.name} ${badge(hostTone(h), say(h.reachable ? 'host.reachable' : 'host.unreachable'))}</h3>
    <div class="meta"><span>${h.address}</span> <span class="roles">${h.roles.join(', ')}</span></div>
    ${body}
  </article>`
}

/** Unreachable hosts first: they are the reason the rest of the page may say `unknown`. */
export function renderHosts(hosts: readonly HostStatus[], say: Say): SafeHtml {
  const ordered = [...hosts.filter((h) => !h.reachable), ...hosts.filter((h) => h.reachable)]
  return section('hosts', say('hosts'), html`<div class="cards hosts">${ordered.map((h) => hostCard(h, say))}</div>`, String(hosts.length))
}
