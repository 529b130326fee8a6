import type {PkiInitResult} from '../../services/pki/init.js'
import type {PkiStatusResult} from '../../services/pki/status.js'
import type {Painter} from '../style.js'
import {renderTable} from './table.js'

/** Human form of `kotadc pki init`: what happened and the CA's public facts (never the key). */
export const renderPkiInit = (r: PkiInitResult, paint: Painter): string =>
  [
    paint(r.created ? 'green' : 'dim', r.reason),
    `subject      ${r.ca.subject}`,
    `valid until  ${r.ca.notAfter}`,
    `fingerprint  ${r.ca.fingerprint}`,
    `stored in    ${r.secretsFile} (SITE_CA_KEY, SITE_CA_CERT), encrypted to ${r.recipients.length} recipient(s)`,
  ].join('\n')

/** Human form of `kotadc pki status`. */
export function renderPkiStatus(r: PkiStatusResult, paint: Painter): string {
  const ca = r.ca.present
    ? [
        `site CA: ${r.ca.subject}, valid until ${r.ca.notAfter}, ${r.ca.permittedDomains.length ? `signs only under ${r.ca.permittedDomains.join(', ')}` : 'signs any domain'}`,
        ...(r.ca.warning
          ? [`${paint('yellow', `warning: ${r.ca.warning.message}`)}  ${paint('dim', `[${r.ca.warning.code}]`)}`, `  fix: ${r.ca.warning.hint ?? ''}`]
          : []),
      ].join('\n')
    : paint('red', 'site CA: none (run `kotadc pki init`)')
  const table = renderTable(
    [
      {header: 'HOST', value: (x: PkiStatusResult['certificates'][number]) => x.host},
      {header: 'DOMAIN', value: (x) => x.domain},
      {header: 'EXPIRES', value: (x) => x.expiresAt ?? '-'},
      {header: 'NEXT RUN', value: (x) => `${x.action} (${x.reason})`},
    ],
    r.certificates,
    paint,
  )
  const down = r.unreachable.map((u) => `${paint('bold', u.host)}: ${paint('red', u.error.message)}  ${paint('dim', `[${u.error.code}]`)}`)
  return [ca, table, ...down].join('\n')
}
