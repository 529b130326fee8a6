import type {SshError, SshErrorContext} from '../../errors/ssh-errors.js'
import {sshErrors} from '../../errors/ssh-errors.js'
import {normalizeFingerprint, sshFingerprint} from './fingerprint.js'
import type {KnownHostEntry} from './known-hosts.js'
import {lookupKnownHosts} from './known-hosts.js'

/** What a host key is checked against. There is deliberately no "accept anything" policy. */
export type HostKeyPolicy =
  {kind: 'pinned'; fingerprint: string} | {kind: 'known-hosts'; file: string; entries: readonly KnownHostEntry[]; name: string} | {kind: 'none'}

export type HostKeyVerdict =
  | {ok: true; presented: string}
  | {ok: false; reason: 'mismatch'; presented: string; expected: string[]; source: string}
  | {ok: false; reason: 'unknown'; presented: string; knownHostsFile?: string}
  | {ok: false; reason: 'revoked'; presented: string; knownHostsFile: string}

/** Decides whether the key a server presented may be trusted. Pure: the caller has read any known_hosts file. */
export function checkHostKey(blob: Buffer, policy: HostKeyPolicy): HostKeyVerdict {
  const presented = sshFingerprint(blob)
  if (policy.kind === 'none') return {ok: false, reason: 'unknown', presented}
  if (policy.kind === 'pinned') {
    const expected = normalizeFingerprint(policy.fingerprint)
    return presented === expected
      ? {ok: true, presented}
      : {ok: false, reason: 'mismatch', presented, expected: [expected], source: 'the pinned hostKey'}
  }
  const {trusted, revoked} = lookupKnownHosts(policy.entries, policy.name)
  if (revoked.some((e) => e.key.equals(blob))) return {ok: false, reason: 'revoked', presented, knownHostsFile: policy.file}
  if (trusted.some((e) => e.key.equals(blob))) return {ok: true, presented}
  if (trusted.length === 0) return {ok: false, reason: 'unknown', presented, knownHostsFile: policy.file}
  const lines = trusted.map((e) => e.line).join(', ')
  return {
    ok: false,
    reason: 'mismatch',
    presented,
    expected: [...new Set(trusted.map((e) => sshFingerprint(e.key)))],
    source: `${policy.file} (line${trusted.length === 1 ? '' : 's'} ${lines} for ${policy.name})`,
  }
}

/** The typed error for a rejected key. */
export function hostKeyError(v: Exclude<HostKeyVerdict, {ok: true}>, ctx: SshErrorContext): SshError {
  switch (v.reason) {
    case 'mismatch':
      return sshErrors.hostKeyMismatch(ctx, v.expected, v.presented, v.source)
    case 'revoked':
      return sshErrors.hostKeyRevoked(ctx, v.presented, v.knownHostsFile)
    case 'unknown':
      return sshErrors.hostKeyUnknown(ctx, v.presented, v.knownHostsFile)
  }
}
