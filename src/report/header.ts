import type {StatusSnapshot} from '../status/model.js'
import {formatTime} from './format.js'
import {html, type SafeHtml} from './html.js'
import type {Say} from './messages/index.js'
import {badge, type Tone, worst} from './parts.js'
import {backupTone, certificateTone, deployTone, hostTone, overallTone, workloadTone} from './tones.js'

const tile = (id: string, label: string, value: string, tone: Tone, note?: SafeHtml | string): SafeHtml =>
  html`<div class="tile ${tone}" id="tile-${id}">
    <div class="tile-label">${label}</div>
    <div class="tile-value">${value}</div>
    ${note ? html`<div class="tile-note">${note}</div>` : ''}
  </div>`

/**
 * `n of total` with the tone of the worst item, so a tile is green only when all of its items are. `muted` items
 * are either left out (a backup with no policy) or, with `unknownCounts`, an unknown state that keeps the tile amber.
 */
function ratioTile(id: string, label: string, tones: readonly Tone[], say: Say, unknownCounts = false): SafeHtml {
  const counted = unknownCounts ? tones.map((t) => (t === 'muted' ? 'warn' : t)) : tones.filter((t) => t !== 'muted')
  const good = counted.filter((t) => t === 'ok').length
  if (counted.length === 0) return tile(id, label, say('none'), 'muted')
  return tile(id, label, say('ofTotal', {n: good, total: counted.length}), worst(counted))
}

/** Site, time, overall state, and one tile per kind of fact: what a person across the room reads first. */
export function renderHeader(s: StatusSnapshot, say: Say): SafeHtml {
  const workloads = s.agencies.flatMap((a) => a.workloads)
  const last = s.deploys[0]
  return html`<header class="top ${overallTone(s.overall)}">
      <div class="site">
        <div class="title">${say('title')}</div>
        <h1>${s.site}${s.env ? html` <span class="env">${say('environment')}: ${s.env}</span>` : ''}</h1>
        <div class="taken">${say('snapshotAt')}: <time datetime="${s.at}">${formatTime(s.at)} UTC</time> · ${say('timesInUtc')}</div>
      </div>
      <div class="overall" id="overall">${say(`overall.${s.overall}`)}</div>
    </header>
    <div class="tiles">
      ${ratioTile('hosts', say('tile.hosts'), s.hosts.map(hostTone), say)}
      ${ratioTile('workloads', say('tile.workloads'), workloads.map(workloadTone), say, true)}
      ${ratioTile('backups', say('tile.backups'), s.backups.map(backupTone), say)}
      ${ratioTile('certificates', say('tile.certificates'), s.certificates.map(certificateTone), say)}
      ${
        last
          ? tile(
              'last-deploy',
              say('tile.lastDeploy'),
              formatTime(last.at),
              deployTone(last),
              html`${last.user} · ${badge(deployTone(last), say(`deploy.${last.outcome}`))}`,
            )
          : tile('last-deploy', say('tile.lastDeploy'), say('none'), 'muted')
      }
    </div>`
}
