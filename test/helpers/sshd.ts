import {execFileSync, spawn} from 'node:child_process'
import type {ChildProcess} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync} from 'node:fs'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir, userInfo} from 'node:os'
import {join} from 'node:path'
import type {SshTarget} from '../../src/exec/ssh/types.js'
import {freePort} from './free-port.js'

/** A real OpenSSH server on 127.0.0.1, owned by one test file. */
export interface Sshd {
  port: number
  /** "SHA256:..." of its host key, as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string
  /** "ssh-ed25519 AAAA..." of its host key, for writing known_hosts files. */
  hostPublicKey: string
  /** Private key authorized to log in (no passphrase). */
  clientKeyPath: string
  /** The login user (whoever runs the tests). */
  user: string
  /** Scratch directory holding its config, keys and anything tests want to put there. */
  dir: string
  /** sshd's own log so far (stderr under -e). */
  log(): string
  /** Connections sshd accepted on its port, counted from its log. */
  connectionCount(): number
  /** Ends sshd and every session it started, then removes its directory. Idempotent. */
  stop(): Promise<void>
  /** SIGKILLs sshd and every session process at once, as a crash or power cut would; the directory stays until stop(). */
  kill(): Promise<void>
}

export interface SshdOptions {
  /** INFO, VERBOSE (default) or DEBUG1 for tests that look at forwarding. */
  logLevel?: string
  /** More sshd_config lines. */
  extraConfig?: string[]
}

const which = (name: string): string => execFileSync('sh', ['-c', 'command -v "$1"', 'sh', name], {encoding: 'utf8'}).trim()

const keygen = (...args: string[]): string => execFileSync(which('ssh-keygen'), args, {encoding: 'utf8'})

/** Every live descendant of pid, read from /proc (sshd puts each session in its own session, so a group kill misses them). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
  }
  const out: number[] = []
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      out.push(c)
      walk(c)
    }
  }
  walk(pid)
  return out
}

const signalAll = (pids: number[], signal: NodeJS.Signals): void => {
  for (const pid of pids) {
    try {
      process.kill(pid, signal)
    } catch {
      // already gone
    }
  }
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()))

function sshdConfig(dir: string, port: number, opts: SshdOptions): string {
  return (
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_ed25519')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'UsePAM no',
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'AllowTcpForwarding yes',
      'MaxSessions 64',
      'MaxStartups 64',
      `LogLevel ${opts.logLevel ?? 'VERBOSE'}`,
      'Subsystem sftp internal-sftp',
      ...(opts.extraConfig ?? []),
    ].join('\n') + '\n'
  )
}

async function launch(dir: string, opts: SshdOptions): Promise<{child: ChildProcess; port: number; log: () => string}> {
  const port = await freePort()
  const cfg = join(dir, `sshd_config_${port}`)
  await writeFile(cfg, sshdConfig(dir, port, opts))
  // sshd refuses to start as root without its privilege separation directory; Debian creates it only at boot.
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', {recursive: true, mode: 0o755})
  const child = spawn(which('sshd'), ['-D', '-e', '-f', cfg], {stdio: ['ignore', 'ignore', 'pipe']})
  let log = ''
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (log += d))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start within 60 s:\n${log}`)), 60_000)
    const onData = (): void => {
      if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) {
        clearTimeout(timer)
        child.stderr?.off('data', onData)
        resolve()
      }
    }
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`sshd exited with ${code} before listening:\n${log}`))
    })
  })
  return {child, port, log: () => log}
}

/** Starts `sshd -D -e` with a temp host key and a generated client key. Retries if the picked port was taken. */
export async function startSshd(opts: SshdOptions = {}): Promise<Sshd> {
  const dir = await mkdtemp(join(tmpdir(), 'kotadc-sshd-'))
  keygen('-q', '-t', 'ed25519', '-N', '', '-C', 'kotadc-test-host', '-f', join(dir, 'host_ed25519'))
  keygen('-q', '-t', 'ed25519', '-N', '', '-C', 'kotadc-test-client', '-f', join(dir, 'client_ed25519'))
  await writeFile(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_ed25519.pub')))
  const hostKeyFingerprint = keygen('-l', '-E', 'sha256', '-f', join(dir, 'host_ed25519.pub')).split(' ')[1]!
  const hostPublicKey = readFileSync(join(dir, 'host_ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ')
  let started: Awaited<ReturnType<typeof launch>> | undefined
  for (let attempt = 1; !started; attempt++) {
    try {
      started = await launch(dir, opts)
    } catch (err) {
      if (attempt >= 3) {
        await rm(dir, {recursive: true, force: true})
        throw err
      }
    }
  }
  const {child, port, log} = started
  let stopped = false
  return {
    port,
    hostKeyFingerprint,
    hostPublicKey,
    clientKeyPath: join(dir, 'client_ed25519'),
    user: userInfo().username,
    dir,
    log,
    connectionCount: () => (log().match(/Connection from \S+ port \d+ on 127\.0\.0\.1 port \d+/g) ?? []).length,
    async kill() {
      if (child.pid !== undefined) signalAll([child.pid, ...descendants(child.pid)], 'SIGKILL')
      await exited(child)
    },
    async stop() {
      if (stopped) return
      stopped = true
      if (child.pid !== undefined) signalAll([...descendants(child.pid), child.pid], 'SIGKILL')
      await exited(child)
      await rm(dir, {recursive: true, force: true})
    },
  }
}

/** The SshTarget of a test sshd, pinned to its key, as if the inventory named it `host` at hosts.yaml:`line`. */
export const sshdTarget = (sshd: Sshd, host: string, line: number): SshTarget => ({
  host,
  address: '127.0.0.1',
  port: sshd.port,
  user: sshd.user,
  identityFile: sshd.clientKeyPath,
  hostKey: sshd.hostKeyFingerprint,
  at: {file: 'inventory/hosts.yaml', line, col: 5},
})
