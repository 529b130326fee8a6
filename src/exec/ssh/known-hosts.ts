import {createHmac} from 'node:crypto'

/** One usable line of a known_hosts file. */
export interface KnownHostEntry {
  marker: 'revoked' | 'cert-authority' | null
  patterns: string
  keyType: string
  key: Buffer
  line: number
}

/** Parses known_hosts text as OpenSSH writes it; lines it cannot read are skipped, as ssh does. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const fields = line.split(/\s+/)
    let marker: KnownHostEntry['marker'] = null
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift()
      if (m === '@revoked') marker = 'revoked'
      else if (m === '@cert-authority') marker = 'cert-authority'
      else return
    }
    const [patterns, keyType, b64] = fields
    if (!patterns || !keyType || !b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) return
    entries.push({marker, patterns, keyType, key: Buffer.from(b64, 'base64'), line: i + 1})
  })
  return entries
}

/** The name ssh looks up: the bare address on port 22, `[address]:port` on any other port. */
export const knownHostsName = (address: string, port: number): string => (port === 22 ? address : `[${address}]:${port}`)

const globToRegExp = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  )

const hashedMatches = (pattern: string, name: string): boolean => {
  const [, magic, salt, hash] = pattern.split('|')
  if (magic !== '1' || !salt || !hash) return false
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash
}

/** OpenSSH semantics: any positive pattern must match and no negated (`!`) pattern may. */
export function hostPatternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|')) return hashedMatches(patterns, name)
  let matched = false
  for (const p of patterns.split(',')) {
    const negated = p.startsWith('!')
    const glob = negated ? p.slice(1) : p
    if (!globToRegExp(glob).test(name)) continue
    if (negated) return false
    matched = true
  }
  return matched
}

export interface KnownKeys {
  /** Keys trusted for the name. */
  trusted: KnownHostEntry[]
  /** Keys that must never be accepted (`@revoked`, which applies whatever the host pattern). */
  revoked: KnownHostEntry[]
}

/** Keys known_hosts gives for one lookup name. Certificate authorities are ignored: kotadc does not use host certificates. */
export function lookupKnownHosts(entries: readonly KnownHostEntry[], name: string): KnownKeys {
  return {
    trusted: entries.filter((e) => e.marker === null && hostPatternsMatch(e.patterns, name)),
    revoked: entries.filter((e) => e.marker === 'revoked'),
  }
}
