import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import ssh2 from 'ssh2'
import type {Connection, ParsedKey, ServerChannel} from 'ssh2'
import {sshFingerprint} from '../../../../src/exec/ssh/fingerprint.js'
import type {SshTarget} from '../../../../src/exec/ssh/types.js'
import {ed25519KeyPair} from '../../../helpers/ssh2-keys.js'

/** What a test server does with one exec request. */
export type ExecHandler = (command: string, stream: ServerChannel, conn: Connection) => void

/** An in-process ssh2 Server on 127.0.0.1 for protocol edge cases a real sshd cannot be made to produce on cue. */
export interface InProcessServer {
  port: number
  hostKeyFingerprint: string
  /** A target that logs in with the authorized client key and pins the server's key. */
  target: SshTarget
  /** Global request names the server received (keepalives show up here). */
  globalRequests: string[]
  /** Signal names the client sent to sessions. */
  signals: string[]
  close(): Promise<void>
}

const parse = (text: string): ParsedKey => {
  const k = ssh2.utils.parseKey(text)
  if (k instanceof Error) throw k
  return Array.isArray(k) ? (k[0] as ParsedKey) : k
}

export async function startInProcessServer(onExec: ExecHandler, opts: {authorize?: boolean} = {}): Promise<InProcessServer> {
  const hostKeys = ed25519KeyPair()
  const clientKeys = ed25519KeyPair()
  const authorized = parse(clientKeys.public)
  const dir = mkdtempSync(join(tmpdir(), 'kotadc-ssh2-'))
  const identityFile = join(dir, 'client_ed25519')
  writeFileSync(identityFile, clientKeys.private, {mode: 0o600})
  const globalRequests: string[] = []
  const signals: string[] = []
  const connections = new Set<Connection>()
  // ssh2's Server drops channel requests once exec is accepted, so its protocol debug log is where signals show.
  const debug = (msg: string): void => {
    const global = /Inbound: GLOBAL_REQUEST \(([^)]+)\)/.exec(msg)
    if (global) globalRequests.push(global[1]!)
    const signal = /Inbound: CHANNEL_REQUEST \(r:\d+, signal: (\w+)\)/.exec(msg)
    if (signal) signals.push(signal[1]!)
  }
  const server = new ssh2.Server({hostKeys: [hostKeys.private], debug}, (conn) => {
    connections.add(conn)
    conn.on('error', () => undefined)
    // Present at runtime, missing from @types/ssh2; without it Nagle adds ~40 ms per round trip.
    ;(conn as unknown as {setNoDelay(on: boolean): void}).setNoDelay(true)
    conn.on('close', () => connections.delete(conn))
    conn.on('authentication', (ctx) => {
      const ok = opts.authorize !== false && ctx.method === 'publickey' && ctx.key.data.equals(authorized.getPublicSSH())
      if (!ok) return ctx.reject(['publickey'])
      if (ctx.signature && !authorized.verify(ctx.blob!, ctx.signature, ctx.hashAlgo)) return ctx.reject(['publickey'])
      ctx.accept()
    })
    conn.on('ready', () => {
      conn.on('session', (accept) => {
        const session = accept()
        session.on('exec', (acceptExec, _reject, info) => onExec(info.command, acceptExec(), conn))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const hostKeyFingerprint = sshFingerprint(parse(hostKeys.public).getPublicSSH())
  return {
    port,
    hostKeyFingerprint,
    target: {
      host: 'unit1',
      address: '127.0.0.1',
      port,
      user: 'tester',
      identityFile,
      hostKey: hostKeyFingerprint,
      at: {file: 'inventory/hosts.yaml', line: 4, col: 5},
    },
    globalRequests,
    signals,
    close: () =>
      new Promise((resolve) => {
        for (const c of connections) c.end()
        rmSync(dir, {recursive: true, force: true})
        server.close(() => resolve())
      }),
  }
}
