import {readFile} from 'node:fs/promises'
import type {Duplex} from 'node:stream'
import ssh2 from 'ssh2'
import type {Client, ConnectConfig} from 'ssh2'
import type {SshErrorContext} from '../../errors/ssh-errors.js'
import {assertInsideFence} from '../fence.js'
import type {HostKeyPolicy, HostKeyVerdict} from './host-key-check.js'
import {checkHostKey} from './host-key-check.js'
import type {SshAuth} from './identity.js'
import {expandHome, resolveAuth} from './identity.js'
import {knownHostsName, parseKnownHosts} from './known-hosts.js'
import type {ConnectErrorContext} from './map-error.js'
import {mapConnectError, mapForwardError} from './map-error.js'
import {type ShellOptions, Ssh2Shell} from './ssh2-shell.js'
import {sshStats} from './stats.js'
import type {RemoteShell, SshTarget} from './types.js'

export const DEFAULT_READY_TIMEOUT_MS = 10_000
export const DEFAULT_KEEPALIVE_INTERVAL_MS = 5_000

/** Opens one verified, authenticated connection to a target (through its jump hosts, if any). */
export async function connectSsh(target: SshTarget, opts: ShellOptions = {}): Promise<RemoteShell> {
  assertInsideFence(target)
  const {client, via} = await openClient(target)
  return new Ssh2Shell(client, errorContext(target), via, opts)
}

/** Where an SSH error about target happened, for its message and hint. */
export const errorContext = (t: SshTarget): SshErrorContext => ({
  host: t.host,
  address: t.address,
  port: t.port,
  ...(t.at ? {at: t.at} : {}),
  ...(t.jump ? {via: t.jump.host} : {}),
})

/** Builds ssh2's options. Pure apart from the verifier callback it is handed, so its defaults are testable. */
export function buildConnectConfig(t: SshTarget, auth: SshAuth, hostVerifier: (key: Buffer) => boolean, sock?: Duplex): ConnectConfig {
  return {
    ...(sock ? {sock} : {host: t.address, port: t.port}),
    username: t.user,
    readyTimeout: t.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    keepaliveInterval: t.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_INTERVAL_MS,
    keepaliveCountMax: 3,
    // ssh2 trusts every host key when hostVerifier is missing: this line is the whole of host authentication.
    hostVerifier,
    ...(auth.kind === 'key' ? {privateKey: auth.privateKey} : {agent: auth.agent}),
    // Straight to the one method kotadc has: ssh2 would first try "none" to learn the server's methods, a round trip
    // that on a busy host means one more wake-up of its sshd per connection.
    authHandler: [auth.kind === 'key' ? 'publickey' : 'agent'],
  }
}

/** Reads what the key will be checked against. A missing known_hosts file just knows no host. */
export async function loadHostKeyPolicy(t: SshTarget): Promise<HostKeyPolicy> {
  if (t.hostKey) return {kind: 'pinned', fingerprint: t.hostKey}
  if (!t.knownHostsFile) return {kind: 'none'}
  const file = expandHome(t.knownHostsFile)
  const text = await readFile(file, 'utf8').catch(() => '')
  return {kind: 'known-hosts', file, entries: parseKnownHosts(text), name: knownHostsName(t.address, t.port)}
}

/** Called with each host key that passed verification, for the target and every jump host on the way. */
type OnVerified = (t: SshTarget, key: Buffer) => void

/**
 * The host keys of a target and its jump hosts, as kotadc's own client verified them (against the pin, or the
 * known_hosts file): what OpenSSH-based tools are then told to trust. A key that fails verification rejects with
 * the typed SSH_HOST_KEY_* error, naming the host, both fingerprints and the inventory location of the pin.
 */
export async function verifiedHostKeys(target: SshTarget): Promise<{target: SshTarget; key: Buffer}[]> {
  const seen: {target: SshTarget; key: Buffer}[] = []
  const {client, via} = await openClient(target, (t, key) => seen.push({target: t, key}))
  for (const c of [client, ...via]) c.end()
  return seen
}

async function openClient(t: SshTarget, onVerified?: OnVerified): Promise<{client: Client; via: Client[]}> {
  if (!t.jump) return {client: await handshake(t, undefined, onVerified), via: []}
  const jump = await openClient(t.jump, onVerified)
  const endJumps = (): void => [jump.client, ...jump.via].forEach((c) => c.end())
  // Errors of a jump connection surface through the tunnel's close; a listener keeps them from crashing the process.
  jump.client.on('error', () => undefined)
  let tunnel: Duplex
  try {
    tunnel = await new Promise<Duplex>((resolve, reject) =>
      jump.client.forwardOut('127.0.0.1', 0, t.address, t.port, (err, stream) => (err ? reject(err) : resolve(stream))),
    )
  } catch (err) {
    endJumps()
    throw mapForwardError(err, errorContext(t), t.jump.host)
  }
  try {
    return {client: await handshake(t, tunnel, onVerified), via: [...jump.via, jump.client]}
  } catch (err) {
    endJumps()
    throw err
  }
}

async function handshake(t: SshTarget, sock?: Duplex, onVerified?: OnVerified): Promise<Client> {
  const ctx = errorContext(t)
  const auth = await resolveAuth(t.identityFile, ctx, process.env.SSH_AUTH_SOCK)
  const policy = await loadHostKeyPolicy(t)
  const connectCtx: ConnectErrorContext = {...ctx, user: t.user, method: auth.method, readyTimeoutMs: t.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS}
  let verdict: HostKeyVerdict | undefined
  const verifier = (key: Buffer): boolean => {
    verdict = checkHostKey(key, policy)
    if (verdict.ok) onVerified?.(t, key)
    return verdict.ok
  }
  const client = new ssh2.Client()
  return new Promise<Client>((resolve, reject) => {
    let settled = false
    const settle = (fn: () => void): void => {
      if (settled) return
      settled = true
      client.off('ready', onReady).off('error', onError).off('close', onClose)
      fn()
    }
    const onReady = (): void =>
      settle(() => {
        sshStats.connections++
        resolve(client)
      })
    const onError = (err: Error): void =>
      settle(() => {
        // Keep a listener so late errors from the dying socket are not unhandled.
        client.on('error', () => undefined)
        client.end()
        reject(mapConnectError(err, connectCtx, verdict))
      })
    const onClose = (): void =>
      settle(() => reject(mapConnectError(new Error('the server closed the connection during the handshake'), connectCtx, verdict)))
    client.once('connect', () => {
      // Small request/response packets: Nagle plus delayed ACKs would add tens of ms to every command.
      client.setNoDelay(true)
      skipHostKeyProofs(client)
    })
    client.on('ready', onReady).on('error', onError).on('close', onClose)
    try {
      client.connect(buildConnectConfig(t, auth, verifier, sock))
    } catch (err) {
      onError(err as Error)
    }
  })
}

type GlobalRequestHandler = (p: unknown, name: string, wantReply: boolean, data: unknown) => unknown

/**
 * After login, OpenSSH announces every host key it has (hostkeys-00@openssh.com), and ssh2 answers by asking the
 * server to sign with each one and verifying every signature: a signature per host key on the host (RSA ones cost
 * milliseconds) and a verification each here, on every connection, for keys kotadc never uses; the one key that
 * matters was checked against its pin during the handshake. The announcement asks no reply, so it is dropped
 * before ssh2 sees it. ssh2 has no option for this: the handler table is its protocol object's own, set up before
 * the server's first packet (test/integration/ssh/ssh-transport.test.ts checks it still holds).
 */
function skipHostKeyProofs(client: Client): void {
  const handlers = (client as unknown as {_protocol?: {_handlers?: {GLOBAL_REQUEST?: GlobalRequestHandler}}})._protocol?._handlers
  const original = handlers?.GLOBAL_REQUEST
  if (!handlers || typeof original !== 'function') return
  handlers.GLOBAL_REQUEST = (p, name, wantReply, data) =>
    name === 'hostkeys-00@openssh.com' && !wantReply ? undefined : original(p, name, wantReply, data)
}
