import type {SourceLocation} from './ops-error.js'
import {defineCodes} from './define.js'
import {BugError, ExternalError, UserError} from './ops-error.js'

/** Which host an SSH problem concerns, and where the inventory defines it. */
export interface SshErrorContext {
  host: string
  address: string
  port: number
  at?: SourceLocation
  /** Name of the jump host the connection went through, if any. */
  via?: string
}

export type SshErrorCode =
  | 'SSH_HOST_KEY_MISMATCH'
  | 'SSH_HOST_KEY_UNKNOWN'
  | 'SSH_HOST_KEY_REVOKED'
  | 'SSH_AUTH_FAILED'
  | 'SSH_CONNECT_TIMEOUT'
  | 'SSH_CONNECT_REFUSED'
  | 'SSH_UNREACHABLE'
  | 'SSH_CONNECT_FAILED'
  | 'SSH_CONNECTION_LOST'
  | 'SSH_COMMAND_TIMEOUT'
  | 'SSH_PUT_FAILED'

/** A transport failure talking to one host (exit 3). `host` is the inventory name. */
export class SshError extends ExternalError {
  declare readonly code: SshErrorCode
  readonly host: string
  readonly extra: Record<string, unknown>

  constructor(code: SshErrorCode, ctx: SshErrorContext, message: string, hint: string, extra: Record<string, unknown> = {}, cause?: unknown) {
    super({code, message, hint, ...(ctx.at ? {location: ctx.at} : {}), ...(cause === undefined ? {} : {cause})})
    this.host = ctx.host
    this.extra = {host: ctx.host, address: ctx.address, port: ctx.port, ...(ctx.via ? {via: ctx.via} : {}), ...extra}
  }

  /**
   * True when kotadc could not work on the host at all, so it counts as unreachable rather than failed. A command
   * that ran too long (SSH_COMMAND_TIMEOUT) or an SFTP write the host refused (SSH_PUT_FAILED: a missing directory,
   * a permission) means the host answered: that is a failed task on a reachable host. A connection that drops during
   * an upload is reported as SSH_CONNECTION_LOST, which is unreachable.
   */
  get unreachable(): boolean {
    return this.code !== 'SSH_COMMAND_TIMEOUT' && this.code !== 'SSH_PUT_FAILED'
  }

  override details(): unknown {
    return this.extra
  }
}

/** Whether an error means the host could not be worked on at all (see SshError.unreachable). */
export const isUnreachable = (e: unknown): e is SshError => e instanceof SshError && e.unreachable

/** The local SSH identity cannot be used: the user fixes the file or the setting (exit 1). */
export class SshKeyUnreadableError extends UserError {
  readonly host: string

  constructor(ctx: SshErrorContext, message: string, hint: string, cause?: unknown) {
    super({code: 'SSH_KEY_UNREADABLE', message, hint, ...(ctx.at ? {location: ctx.at} : {}), ...(cause === undefined ? {} : {cause})})
    this.host = ctx.host
  }
}

const endpoint = (c: SshErrorContext): string => `host ${c.host} (${c.address}:${c.port}${c.via ? ` via ${c.via}` : ''})`
const entry = (c: SshErrorContext): string => (c.at ? `${c.at.file}:${c.at.line}` : `the inventory entry of host ${c.host}`)

/** Named constructors for every SSH_* error; nothing else builds them. */
export const sshErrors = {
  hostKeyMismatch: (c: SshErrorContext, expected: readonly string[], presented: string, source: string): SshError =>
    new SshError(
      'SSH_HOST_KEY_MISMATCH',
      c,
      `${endpoint(c)} presented host key ${presented}, but ${source} expects ${expected.join(' or ')}`,
      `if ${c.host} was reinstalled, verify its new key out of band (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on its console) and update hostKey at ${entry(c)}; otherwise do not connect: someone may be intercepting the connection`,
      {expected: [...expected], presented},
    ),
  hostKeyRevoked: (c: SshErrorContext, presented: string, knownHostsFile: string): SshError =>
    new SshError(
      'SSH_HOST_KEY_REVOKED',
      c,
      `${endpoint(c)} presented host key ${presented}, which ${knownHostsFile} marks @revoked`,
      `give ${c.host} a new host key, verify it out of band, and pin it as hostKey at ${entry(c)}`,
      {presented},
    ),
  hostKeyUnknown: (c: SshErrorContext, presented: string, knownHostsFile?: string): SshError =>
    new SshError(
      'SSH_HOST_KEY_UNKNOWN',
      c,
      `${endpoint(c)} presented host key ${presented}, which is not pinned` +
        (knownHostsFile ? ` and not in ${knownHostsFile}` : ' and no known_hosts file is configured'),
      `verify ${presented} out of band (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the host's console), then pin it: add hostKey: "${presented}" to host ${c.host} at ${entry(c)}`,
      {presented, ...(knownHostsFile ? {knownHostsFile} : {})},
    ),
  authFailed: (c: SshErrorContext, user: string, method: string, detail: string): SshError =>
    new SshError(
      'SSH_AUTH_FAILED',
      c,
      `${endpoint(c)} refused login as ${user} with ${method}: ${detail}`,
      `check that the public key of ${method} is in ~${user}/.ssh/authorized_keys on ${c.host}, or set ssh.user / ssh.identityFile for ${c.host} at ${entry(c)} (or KOTADC_SSH_KEY)`,
      {user, method},
    ),
  /**
   * `busy`: kotadc's own event loop lagged by up to lagMs while the handshake waited, so the controller was too
   * loaded to answer in time; the hint then points at kotadc's settings instead of the network.
   */
  connectTimeout: (c: SshErrorContext, ms: number, busy?: {lagMs: number; concurrency: number}): SshError =>
    busy
      ? new SshError(
          'SSH_CONNECT_TIMEOUT',
          c,
          `${endpoint(c)} did not complete the SSH handshake within ${ms} ms while kotadc itself was overloaded (its event loop stalled for up to ${busy.lagMs} ms), even after a retry`,
          `the controller, not the network, was too busy: lower --connect-concurrency (now ${busy.concurrency}), raise --connect-timeout or site.ssh.connectTimeout, or run with fewer --forks`,
          {timeoutMs: ms, controllerLagMs: busy.lagMs},
        )
      : new SshError(
          'SSH_CONNECT_TIMEOUT',
          c,
          `${endpoint(c)} did not complete the SSH handshake within ${ms} ms`,
          `kotadc was not busy, so the network or the host was slow: check that ${c.host} is up and that nothing filters port ${c.port} (the address and port are at ${entry(c)}); a slow but working link needs a larger site.ssh.connectTimeout or --connect-timeout`,
          {timeoutMs: ms},
        ),
  connectRefused: (c: SshErrorContext, cause?: unknown): SshError =>
    new SshError(
      'SSH_CONNECT_REFUSED',
      c,
      `${endpoint(c)} refused the connection: nothing listens on port ${c.port}`,
      `start sshd on ${c.host}, or correct ssh.port / address at ${entry(c)}`,
      {},
      cause,
    ),
  unreachable: (c: SshErrorContext, detail: string, cause?: unknown): SshError =>
    new SshError(
      'SSH_UNREACHABLE',
      c,
      `${endpoint(c)} cannot be reached: ${detail}`,
      `check the network path to ${c.address} and the address at ${entry(c)}`,
      {detail},
      cause,
    ),
  connectFailed: (c: SshErrorContext, detail: string, cause?: unknown): SshError =>
    new SshError(
      'SSH_CONNECT_FAILED',
      c,
      `SSH connection to ${endpoint(c)} failed: ${detail}`,
      `check that ${c.host} runs a current OpenSSH server; the connection settings are at ${entry(c)}`,
      {detail},
      cause,
    ),
  connectionLost: (c: SshErrorContext, detail: string, duringCommand = true): SshError =>
    new SshError(
      'SSH_CONNECTION_LOST',
      c,
      duringCommand
        ? `the SSH connection to ${endpoint(c)} closed while a command was running (${detail}); the command's outcome is unknown`
        : `the SSH connection to ${endpoint(c)} closed earlier (${detail}); this step was not run`,
      `check ${c.host} (reboot, sshd restart, network), then run again: every task re-checks the host's state before it changes anything`,
      {detail, duringCommand},
    ),
  commandTimeout: (c: SshErrorContext, ms: number): SshError =>
    new SshError(
      'SSH_COMMAND_TIMEOUT',
      c,
      `a command on ${endpoint(c)} did not finish within ${ms} ms and was stopped`,
      `look at what blocks on ${c.host} (locks, prompts, a slow mirror); raise the task's timeout if it is merely slow`,
      {timeoutMs: ms},
    ),
  putFailed: (c: SshErrorContext, path: string, detail: string, cause?: unknown): SshError =>
    new SshError(
      'SSH_PUT_FAILED',
      c,
      `could not write ${path} on ${endpoint(c)} over SFTP: ${detail}`,
      `check that the directory of ${path} exists and is writable by the SSH user, and that sshd on ${c.host} offers the sftp subsystem`,
      {path, detail},
      cause,
    ),
  keyUnreadable: (c: SshErrorContext, file: string, reason: string, cause?: unknown): SshKeyUnreadableError =>
    new SshKeyUnreadableError(
      c,
      `the SSH identity ${file} for host ${c.host} cannot be used: ${reason}`,
      `point ssh.identityFile (site or host ${c.host} at ${entry(c)}) or KOTADC_SSH_KEY at a readable private key without passphrase, or leave it unset and load the key into ssh-agent`,
      cause,
    ),
  noCredentials: (c: SshErrorContext): SshKeyUnreadableError =>
    new SshKeyUnreadableError(
      c,
      `no SSH identity for host ${c.host}: no identityFile is set and SSH_AUTH_SOCK names no agent`,
      `set ssh.identityFile (site, or host ${c.host} at ${entry(c)}) or KOTADC_SSH_KEY, or start ssh-agent and add the key`,
    ),
  shellClosed: (host: string): BugError =>
    new BugError({
      code: 'BUG_SSH_SHELL_CLOSED',
      message: `the SSH connection to ${host} was used after close()`,
      hint: 'please report it with the command you ran',
    }),
}

/** Problems resolving how to reach a host, before any connection is made. */
export const sshTargetErrors = {
  jumpLoop: (chain: readonly string[]) =>
    new UserError({
      code: 'SSH_JUMP_LOOP',
      message: `hosts reach each other through ssh.jumpHost in a loop: ${chain.join(' → ')}`,
      hint: 'make one host of the loop reachable directly (remove its ssh.jumpHost)',
    }),
  unknownHost: (name: string) =>
    new UserError({
      code: 'SSH_TARGET_UNKNOWN_HOST',
      message: `host ${name} is not in the inventory`,
      hint: 'use a host name from `kotadc inventory list hosts`',
    }),
}

export const sshCodes = defineCodes({
  SSH_HOST_KEY_MISMATCH: {
    family: 'external',
    meaning: 'the host presented another host key than the one pinned: reinstalled, or someone intercepts the connection',
    fix: 'verify the new key out of band (on the console) and update hostKey in the inventory; otherwise do not connect',
  },
  SSH_HOST_KEY_UNKNOWN: {
    family: 'external',
    meaning: 'the host key is neither pinned in the inventory nor in the known_hosts file',
    fix: 'verify the fingerprint out of band, then pin it as hostKey of the host',
  },
  SSH_HOST_KEY_REVOKED: {
    family: 'external',
    meaning: 'the host presented a key that known_hosts marks @revoked',
    fix: 'give the host a new host key, verify it out of band, and pin it as hostKey',
  },
  SSH_AUTH_FAILED: {
    family: 'external',
    meaning: 'the host refused the login user with the key offered',
    fix: "put the public key into the user's authorized_keys, or set ssh.user / ssh.identityFile (or KOTADC_SSH_KEY)",
  },
  SSH_CONNECT_TIMEOUT: {
    family: 'external',
    meaning: 'the SSH handshake did not complete in time',
    fix: 'check that the host is up and nothing filters its SSH port',
  },
  SSH_CONNECT_REFUSED: {
    family: 'external',
    meaning: 'nothing listens on the SSH port of the host',
    fix: 'start sshd on the host, or correct ssh.port / address in the inventory',
  },
  SSH_UNREACHABLE: {
    family: 'external',
    meaning: 'the host address cannot be reached (no route, host down, DNS failure)',
    fix: 'check the network path to the host and its address in the inventory',
  },
  SSH_CONNECT_FAILED: {
    family: 'external',
    meaning: 'the SSH connection failed for another reason (protocol, algorithms)',
    fix: 'check that the host runs a current OpenSSH server',
  },
  SSH_CONNECTION_LOST: {
    family: 'external',
    meaning: 'the SSH connection closed during or before a step; a running command has an unknown outcome',
    fix: 'check the host (reboot, sshd restart, network), then run again: every task re-checks state first',
  },
  SSH_COMMAND_TIMEOUT: {
    family: 'external',
    meaning: 'a command on the host did not finish in time and was stopped',
    fix: "look at what blocks on the host (locks, prompts, a slow mirror); raise the task's timeout if it is merely slow",
  },
  SSH_PUT_FAILED: {
    family: 'external',
    meaning: 'a file could not be written on the host over SFTP',
    fix: 'check that the directory exists and is writable by the SSH user, and that sshd offers the sftp subsystem',
  },
  SSH_KEY_UNREADABLE: {
    family: 'user',
    meaning: 'the SSH identity file cannot be used, or there is no identity at all',
    fix: 'point ssh.identityFile or KOTADC_SSH_KEY at a readable private key without passphrase, or load the key into ssh-agent',
  },
  SSH_JUMP_LOOP: {
    family: 'user',
    meaning: 'hosts reach each other through ssh.jumpHost in a loop',
    fix: 'make one host of the loop reachable directly (remove its ssh.jumpHost)',
  },
  SSH_TARGET_UNKNOWN_HOST: {
    family: 'user',
    meaning: 'a host to connect to is not in the inventory',
    fix: 'use a host name from `kotadc inventory list hosts`',
  },
  BUG_SSH_SHELL_CLOSED: {
    family: 'bug',
    meaning: 'an SSH connection was used after kotadc closed it',
    fix: 'please report it with the command you ran',
  },
})
