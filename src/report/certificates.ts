import type {CertificateStatus} from '../status/model.js'
import {formatTime} from './format.js'
import {html, type SafeHtml} from './html.js'
import type {Say} from './messages/index.js'
import {badge, empty, section, table} from './parts.js'
import {certificateTone} from './tones.js'

function stateOf(c: CertificateStatus, say: Say): string {
  if (c.daysLeft === null) return say('cert.missing')
  if (c.daysLeft < 0) return say('cert.expired')
  return say(certificateTone(c) === 'warn' ? 'cert.expiring' : 'cert.valid')
}

/** Soonest expiry first; a missing certificate sorts before all of them. */
export function renderCertificates(certs: readonly CertificateStatus[], say: Say): SafeHtml {
  const key = (c: CertificateStatus): number => c.daysLeft ?? Number.NEGATIVE_INFINITY
  const rows = [...certs]
    .sort((a, b) => key(a) - key(b) || a.domain.localeCompare(b.domain))
    .map(
      (c) =>
        html`<tr class="${certificateTone(c)}" data-certificate="${c.domain}">
          <td class="name">${c.domain}</td>
          <td>${c.workload}</td>
          <td>${c.host}</td>
          <td>${badge(certificateTone(c), stateOf(c, say))}</td>
          <td class="when">${c.expiresAt ? formatTime(c.expiresAt, 'date') : '–'}</td>
          <td class="num">${c.daysLeft ?? '–'}</td>
        </tr>`,
    )
  const head = [say('domain'), say('workload'), say('host'), say('state'), say('expires'), say('daysLeft')]
  return section('certificates', say('certificates'), rows.length ? table('rows', head, rows) : empty(say('noCertificates')), String(certs.length))
}
