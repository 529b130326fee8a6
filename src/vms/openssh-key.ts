import {createHash} from 'node:crypto'

/**
 * OpenSSH's own formats for an ed25519 key: the `openssh-key-v1` private key sshd reads from
 * /etc/ssh/ssh_host_ed25519_key, the one-line public key and its SHA256 fingerprint. Pure: the key bytes come in
 * (services/vms generate them), so a test can pin the output.
 */

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n >>> 0)
  return b
}
const sshString = (v: Buffer | string): Buffer => {
  const b = typeof v === 'string' ? Buffer.from(v) : v
  return Buffer.concat([u32(b.length), b])
}

export interface Ed25519Key {
  /** The 32-byte private seed. */
  seed: Buffer
  /** The 32-byte public key. */
  publicKey: Buffer
}

export const ED25519 = 'ssh-ed25519'

/** The public key blob (wire format), what fingerprints and known_hosts lines are made of. */
export const publicBlob = (pub: Buffer): Buffer => Buffer.concat([sshString(ED25519), sshString(pub)])

export const publicKeyLine = (pub: Buffer, comment: string): string => `${ED25519} ${publicBlob(pub).toString('base64')} ${comment}`

/** "SHA256:<base64 without padding>", as `ssh-keygen -l` prints and host pins are written. */
export const fingerprintOf = (pub: Buffer): string => `SHA256:${createHash('sha256').update(publicBlob(pub)).digest('base64').replace(/=+$/, '')}`

/** The unencrypted openssh-key-v1 private key file. */
export function privateKeyFile(key: Ed25519Key, comment: string): string {
  if (key.seed.length !== 32 || key.publicKey.length !== 32) throw new RangeError('an ed25519 seed and public key are 32 bytes each')
  // The check integers only detect a wrong passphrase; the key is not encrypted, so any equal pair will do.
  const check = createHash('sha256').update(key.publicKey).digest().readUInt32BE(0)
  const body = Buffer.concat([
    u32(check),
    u32(check),
    sshString(ED25519),
    sshString(key.publicKey),
    sshString(Buffer.concat([key.seed, key.publicKey])),
    sshString(comment),
  ])
  const pad = Buffer.from(Array.from({length: (8 - (body.length % 8)) % 8}, (_, i) => i + 1))
  const whole = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    u32(1),
    sshString(publicBlob(key.publicKey)),
    sshString(Buffer.concat([body, pad])),
  ])
  const lines = whole.toString('base64').match(/.{1,70}/g) ?? []
  return ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----', ''].join('\n')
}

/** The seed and public key back out of a file privateKeyFile wrote (secrets.age holds only that file). */
export function parsePrivateKeyFile(text: string): Ed25519Key | undefined {
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text)
  if (!m) return undefined
  const b = Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')
  const magic = 'openssh-key-v1\0'
  if (b.subarray(0, magic.length).toString() !== magic) return undefined
  let at = magic.length
  const next = (): Buffer => {
    if (at + 4 > b.length) throw new RangeError('truncated')
    const n = b.readUInt32BE(at)
    const v = b.subarray(at + 4, at + 4 + n)
    at += 4 + n
    return v
  }
  try {
    if (next().toString() !== 'none') return undefined
    next()
    next()
    at += 4
    next()
    const body = next()
    const inner = body.subarray(8)
    at = 0
    const rd = (): Buffer => {
      const n = inner.readUInt32BE(at)
      const v = inner.subarray(at + 4, at + 4 + n)
      at += 4 + n
      return v
    }
    if (rd().toString() !== ED25519) return undefined
    const publicKey = Buffer.from(rd())
    const priv = rd()
    if (publicKey.length !== 32 || priv.length !== 64) return undefined
    return {seed: Buffer.from(priv.subarray(0, 32)), publicKey}
  } catch {
    return undefined
  }
}
