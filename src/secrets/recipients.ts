/**
 * inventory/recipients.txt: the age public keys secrets.age is encrypted to, one per line (one per admin, one for
 * CI), each optionally followed by `# who`. Blank lines and `#` lines are kept as written, so the file stays the
 * team's own document; kotadc only adds and removes key lines.
 */
export const RECIPIENTS_FILE = 'recipients.txt'

/** An X25519 age recipient: `age1` and 58 bech32 characters (the same check typage makes, without the checksum). */
const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/

export const isAgeRecipient = (key: string): boolean => AGE_RECIPIENT.test(key)

export interface RecipientLine {
  key: string
  /** The text after `#` on the key's line: whose key it is. */
  label?: string
  /** 1-based line number in recipients.txt. */
  line: number
}

export interface ParsedRecipients {
  recipients: RecipientLine[]
  /** Lines that are neither comments, blank, nor an age recipient: `line: text`. */
  invalid: {line: number; text: string}[]
}

const keyPart = (raw: string): {key: string; label?: string} => {
  const hash = raw.indexOf('#')
  const key = (hash < 0 ? raw : raw.slice(0, hash)).trim()
  const label = hash < 0 ? '' : raw.slice(hash + 1).trim()
  return label ? {key, label} : {key}
}

export function parseRecipients(text: string): ParsedRecipients {
  const recipients: RecipientLine[] = []
  const invalid: {line: number; text: string}[] = []
  text.split('\n').forEach((raw, i) => {
    const {key, label} = keyPart(raw)
    if (!key) return
    if (isAgeRecipient(key)) recipients.push({key, line: i + 1, ...(label ? {label} : {})})
    else invalid.push({line: i + 1, text: key})
  })
  return {recipients, invalid}
}

const HEADER = [
  '# age public keys inventory/secrets.age is encrypted to: one per admin and one for CI.',
  '# Change it with `kotadc secrets recipients add|remove KEY`, which re-encrypts secrets.age to the new set.',
]

/** The text of a new recipients.txt holding `keys`. */
export const renderRecipients = (keys: readonly {key: string; label?: string}[]): string =>
  [...HEADER, ...keys.map((k) => (k.label ? `${k.key} # ${k.label}` : k.key)), ''].join('\n')

/** `text` with `key` appended as its own line (labelled when a label is given). */
export function withRecipient(text: string, key: string, label?: string): string {
  const body = text.length === 0 || text.endsWith('\n') ? text : `${text}\n`
  return `${body}${label ? `${key} # ${label}` : key}\n`
}

/** `text` without the line that holds `key`; every other line is kept as written. */
export const withoutRecipient = (text: string, key: string): string =>
  text
    .split('\n')
    .filter((raw) => keyPart(raw).key !== key)
    .join('\n')
