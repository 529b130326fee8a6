import {defineFact} from '../facts/define.js'
import {shell, sudo} from '../tasks/cmd.js'
import {BACKUP_KEY} from './conventions.js'

// Only the key type and base64 body are taken from a host: the comment and any options are ours, so a tampered
// .pub file cannot smuggle authorized_keys options (from=, command=, a second key on a new line).
const PUBLIC_KEY = /^(ssh-ed25519|ecdsa-sha2-nistp256|ssh-rsa) ([A-Za-z0-9+/]{20,}={0,2})(?: [^\n]*)?$/

/** `type base64` of an OpenSSH public key line, or undefined when it is not one. */
export function publicKeyBody(line: string): string | undefined {
  const m = PUBLIC_KEY.exec(line.trim())
  return m ? `${m[1]} ${m[2]}` : undefined
}

/**
 * The public half of a source host's backup key (undefined until the playbook has generated it). Gathered from
 * every source host before the backup hosts' tasks are planned: the cross-host step of the backup playbook.
 */
export const backupPublicKeyFact = defineFact<void, string | undefined>({
  name: 'backup-public-key',
  command: () => sudo(shell('if [ -f "$1" ]; then cat -- "$1"; fi', `${BACKUP_KEY}.pub`)),
  parse: (stdout) => publicKeyBody(stdout.split('\n')[0] ?? ''),
})

/**
 * The public half of a source's backup key when the private half is there too: the source playbook then leaves the
 * pair alone (ssh-keygen runs only without the private key), so this is the key the backup hosts must authorize.
 */
export const backupKeyPairFact = defineFact<void, string | undefined>({
  name: 'backup-key-pair',
  command: () => sudo(shell('if [ -f "$1" ] && [ -f "$1.pub" ]; then cat -- "$1.pub"; fi', BACKUP_KEY)),
  parse: (stdout) => publicKeyBody(stdout.split('\n')[0] ?? ''),
})

/** The host's own ed25519 host key, to pin in the sources' known_hosts (checked against the inventory's hostKey first). */
export const sshHostKeyFact = defineFact<void, string | undefined>({
  name: 'ssh-host-key',
  command: () => shell('if [ -f /etc/ssh/ssh_host_ed25519_key.pub ]; then cat /etc/ssh/ssh_host_ed25519_key.pub; fi'),
  parse: (stdout) => publicKeyBody(stdout.split('\n')[0] ?? ''),
})

/** A known_hosts line for a backup host (OpenSSH writes non-default ports as [address]:port). */
export const knownHostLine = (address: string, port: number, key: string): string => `${port === 22 ? address : `[${address}]:${port}`} ${key}`
