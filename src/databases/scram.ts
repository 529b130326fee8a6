import {createHash, createHmac, pbkdf2Sync, timingSafeEqual} from 'node:crypto'

// kotadc sends PostgreSQL a SCRAM-SHA-256 verifier, never the password (what psql's \password does): the cleartext
// then never reaches the server, so no server log, pg_stat_activity row or failed-statement report can show it.
// The verifier format is RFC 5803, as PostgreSQL stores it in pg_authid.rolpassword.

export const SCRAM_ITERATIONS = 4096

// RFC 4013 (SASLprep) mappings, as PostgreSQL's pg_saslprep applies them before hashing: non-ASCII spaces become
// a space, "commonly mapped to nothing" characters are dropped, then NFKC. An ASCII password is used as it is.
const NON_ASCII_SPACE = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g
const MAPPED_TO_NOTHING = new Set([
  0x00ad,
  0x034f,
  0x1806,
  0x180b,
  0x180c,
  0x180d,
  0x200b,
  0x200c,
  0x200d,
  0x2060,
  0xfeff,
  ...Array.from({length: 16}, (_, i) => 0xfe00 + i),
])

export function saslPrep(password: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7F]*$/.test(password)) return password
  const kept = [...password].filter((c) => !MAPPED_TO_NOTHING.has(c.codePointAt(0) ?? 0)).join('')
  return kept.replace(NON_ASCII_SPACE, ' ').normalize('NFKC')
}

const hmac = (key: Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest()
const sha256 = (b: Buffer): Buffer => createHash('sha256').update(b).digest()

function keys(password: string, salt: Buffer, iterations: number): {stored: Buffer; server: Buffer} {
  const salted = pbkdf2Sync(Buffer.from(saslPrep(password), 'utf8'), salt, iterations, 32, 'sha256')
  return {stored: sha256(hmac(salted, 'Client Key')), server: hmac(salted, 'Server Key')}
}

/** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` for a password; the caller gives the random salt. */
export function scramVerifier(password: string, salt: Buffer, iterations = SCRAM_ITERATIONS): string {
  const k = keys(password, salt, iterations)
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${k.stored.toString('base64')}:${k.server.toString('base64')}`
}

const VERIFIER = /^SCRAM-SHA-256\$(\d{1,7}):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/

/**
 * True when `verifier` (pg_authid.rolpassword) was made from `password`. Anything else (no password, an md5 hash,
 * another mechanism) is false: the role then gets a new verifier, which also moves it off md5.
 */
export function scramMatches(verifier: string | null | undefined, password: string): boolean {
  const m = VERIFIER.exec(verifier ?? '')
  if (!m) return false
  const iterations = Number(m[1])
  if (iterations < 1) return false
  const k = keys(password, Buffer.from(m[2] as string, 'base64'), iterations)
  const stored = Buffer.from(m[3] as string, 'base64')
  const server = Buffer.from(m[4] as string, 'base64')
  return stored.length === 32 && server.length === 32 && timingSafeEqual(stored, k.stored) && timingSafeEqual(server, k.server)
}
