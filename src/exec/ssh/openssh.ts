import {chmod, mkdir, rename, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {shellQuote} from '../../tasks/quote.js'
import {knownHostsName} from './known-hosts.js'
import type {SshTarget} from './types.js'

/**
 * The one place that tells OpenSSH-based tools (terraform's docker provider, a plain `ssh`) which host keys to
 * trust: the keys kotadc's own client verified against the inventory's pins, written to a private known_hosts file,
 * and options that make ssh refuse anything else (StrictHostKeyChecking=yes, no global or personal known_hosts).
 */

/** Gives the verified host keys of a target and its jump hosts (connect.ts verifiedHostKeys; tests pass a fake). */
export type HostKeySource = (target: SshTarget) => Promise<{target: SshTarget; key: Buffer}[]>

/** The generated known_hosts file of a project: under .kotadc/, readable by the operator only. */
export const pinnedKnownHostsFile = (projectRoot: string): string => join(projectRoot, '.kotadc', 'ssh', 'known_hosts')

/** The key type named inside an SSH public key blob (its first string). */
export function keyTypeOf(blob: Buffer): string {
  const len = blob.length >= 4 ? blob.readUInt32BE(0) : 0
  return blob.subarray(4, 4 + len).toString('latin1')
}

export const knownHostsLine = (address: string, port: number, key: Buffer): string =>
  `${knownHostsName(address, port)} ${keyTypeOf(key)} ${key.toString('base64')}`

/**
 * Writes the known_hosts of these targets (and their jump hosts) from the keys kotadc verified. A key that does not
 * match its pin rejects with SSH_HOST_KEY_MISMATCH before anything is written. Mode 0600 in a 0700 directory,
 * replaced atomically, so an OpenSSH client never reads half a file.
 */
export async function writePinnedKnownHosts(projectRoot: string, targets: readonly SshTarget[], source: HostKeySource): Promise<string> {
  const lines = new Set<string>()
  for (const t of targets) for (const {target, key} of await source(t)) lines.add(knownHostsLine(target.address, target.port, key))
  const file = pinnedKnownHostsFile(projectRoot)
  await mkdir(dirname(file), {recursive: true, mode: 0o700})
  await chmod(dirname(file), 0o700)
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, `# Written by kotadc from the inventory's pinned host keys. Regenerated on every run.\n${[...lines].sort().join('\n')}\n`, {
    mode: 0o600,
  })
  await rename(tmp, file)
  return file
}

// ssh expands %-tokens in ProxyCommand, so a literal % in a path must be doubled there.
const proxyWord = (w: string): string => shellQuote(w.replaceAll('%', '%%'))

/**
 * ssh options (no destination, no port: callers such as docker's ssh helper add those) that trust only the generated
 * known_hosts, never prompt, and reach a jump host with the same options through ProxyCommand.
 */
export function opensshOptions(t: SshTarget, knownHostsFile: string): string[] {
  const opts = [
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${knownHostsFile}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'UpdateHostKeys=no',
    '-o',
    'CheckHostIP=no',
    ...(t.identityFile ? ['-i', t.identityFile, '-o', 'IdentitiesOnly=yes'] : []),
  ]
  if (!t.jump) return opts
  const j = t.jump
  const proxy = ['ssh', ...opensshOptions(j, knownHostsFile), '-p', String(j.port), '-W', '%h:%p', '--', `${j.user}@${j.address}`]
  return [...opts, '-o', `ProxyCommand=${proxy.map((w, i) => (w === '%h:%p' ? w : i === 0 ? w : proxyWord(w))).join(' ')}`]
}

/** A complete ssh command line for a target (what a test or a shell runs): options, port, destination, command. */
export const opensshCommand = (t: SshTarget, knownHostsFile: string, command: readonly string[] = []): string[] => [
  'ssh',
  ...opensshOptions(t, knownHostsFile),
  '-p',
  String(t.port),
  '--',
  `${t.user}@${t.address}`,
  ...command,
]
