import {createHash} from 'node:crypto'
import {existsSync} from 'node:fs'
import {mkdir, readFile} from 'node:fs/promises'
import {dirname} from 'node:path'
import {runLocalChecked} from '../../exec/local.js'

/** OpenSSH's `SHA256:` fingerprint of a public key line (`type base64 [comment]`), as `ssh-keygen -l` prints it. */
export function sshFingerprint(publicKeyLine: string): string {
  const blob = publicKeyLine.trim().split(/\s+/)[1]
  if (!blob) throw new Error(`not an OpenSSH public key: ${publicKeyLine.slice(0, 40)}`)
  const digest = createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64')
  return `SHA256:${digest.replace(/=+$/, '')}`
}

/**
 * An ed25519 key pair at `path` (+ `.pub`), generated once with ssh-keygen and reused afterwards, so a rerun of
 * `lab up` keeps the fingerprints pinned in the overlay. Returns the public key line.
 */
export async function ensureKeyPair(path: string, comment: string): Promise<string> {
  if (!existsSync(path) || !existsSync(`${path}.pub`)) {
    await mkdir(dirname(path), {recursive: true, mode: 0o700})
    await runLocalChecked(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path], {
      kind: 'ssh',
      input: 'y\n',
      code: 'LAB_KEYGEN_FAILED',
      what: 'ssh-keygen',
      hint: 'install openssh-client (scripts/lab/install-deps.sh) and check that the lab state directory is writable',
    })
  }
  return (await readFile(`${path}.pub`, 'utf8')).trim()
}
