import type {SecretListResult} from '../../services/secrets/read.js'
import type {RecipientsResult} from '../../services/secrets/recipients.js'
import type {SecretWriteResult} from '../../services/secrets/values.js'
import type {Painter} from '../style.js'
import {renderTable} from './table.js'

type Entry = SecretListResult['secrets'][number]

/** Human form of `kotadc secrets list`: names, where values come from and who reads them; never a value. */
export function renderSecretList(r: SecretListResult, paint: Painter): string {
  const table = renderTable(
    [
      {header: 'NAME', value: (e: Entry) => e.name},
      {header: 'VALUE', value: (e) => [e.stored ? 'secrets.age' : '', e.fromEnv ? 'env' : ''].filter(Boolean).join('+') || '-'},
      {header: 'STATUS', value: (e) => e.status},
      {header: 'USED BY', value: (e) => e.usedBy.join(', ') || '-'},
    ],
    r.secrets,
    paint,
  )
  const who = r.recipients ? `encrypted to ${r.recipients.length} recipient(s) in recipients.txt` : 'no recipients.txt: encrypted to one identity'
  return [table, paint('dim', `${r.file}: ${who}; ${r.missing.length} missing, ${r.unused.length} unused`)].join('\n')
}

/** Human form of `secrets set|generate|rotate`: what was written and who picks it up at the next deploy. */
export const renderSecretWrite = (r: SecretWriteResult, paint: Painter): string =>
  [
    paint(
      'green',
      `${r.action} ${r.name} (${r.length} characters) in ${r.file}, encrypted to ${r.recipients.length} recipient(s); the previous file is ${r.backup}`,
    ),
    r.usedBy.length ? `read by ${r.usedBy.join(', ')}: \`kotadc deploy\` puts the new value in place` : '',
    ...r.warnings.map((w) => paint('yellow', `warning: ${w}`)),
  ]
    .filter(Boolean)
    .join('\n')

/** Human form of `secrets recipients add|remove|list`. */
export const renderRecipientsResult = (r: RecipientsResult, paint: Painter): string =>
  [
    r.added ? paint('green', `added ${r.added}; ${r.secretsFile} re-encrypted`) : '',
    r.removed
      ? paint('green', `removed ${r.removed}; ${r.secretsFile} re-encrypted: that identity cannot decrypt it any more (rotate the values it knew)`)
      : '',
    !r.changed && !r.added && !r.removed && r.recipients.length === 0 ? `no ${r.file}: secrets.age is encrypted to the identity that wrote it` : '',
    ...r.recipients.map((k) => k),
  ]
    .filter(Boolean)
    .join('\n')
