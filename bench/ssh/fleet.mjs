// N lightweight "hosts" for the SSH benchmark: one OpenSSH sshd per host on its own loopback address 127.0.1.x,
// each in its own mount namespace where HOST_ROOT is a bind mount of /tmp/kotadc-bench/<host>. All three tools
// therefore run the very same task paths, yet every host writes to its own directory, as real hosts would.
// Another benchmark can run its own fleet beside that one: another /24 block and data root (startFleet's options).
import {execFileSync, spawn} from 'node:child_process'
import {existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

/** The path every task writes under; inside each host's namespace it is that host's own directory. */
export const HOST_ROOT = '/tmp/kotadc-bench/host'
/** Where each host's files really live by default: DATA_ROOT/<host>/. */
export const DATA_ROOT = '/tmp/kotadc-bench'
/** The loopback /24 the hosts listen in by default (.2 and up). */
export const ADDRESS_BLOCK = '127.0.1'
export const SSH_PORT = 2222
const STOCK_BASHRC = existsSync('/usr/share/base-files/dot.bashrc') ? '/usr/share/base-files/dot.bashrc' : '/dev/null'

/** OpenSSH client arguments reaching host h as root with the fleet's key and pinned host keys. */
export const sshArgs = (h, key, knownHosts) => [
  '-F',
  '/dev/null',
  '-q',
  '-i',
  key,
  '-o',
  'IdentitiesOnly=yes',
  '-o',
  'BatchMode=yes',
  '-o',
  `UserKnownHostsFile=${knownHosts}`,
  '-o',
  'StrictHostKeyChecking=yes',
  '-p',
  String(h.port),
  `root@${h.address}`,
]

const keygen = (...args) => execFileSync('ssh-keygen', args, {encoding: 'utf8'})
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

const sshdConfig = (dir, h) =>
  [
    `ListenAddress ${h.address}:${SSH_PORT}`,
    `HostKey ${join(dir, `${h.name}.key`)}`,
    `PidFile ${join(dir, `${h.name}.pid`)}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'UsePAM no',
    'UseDNS no',
    'StrictModes no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'MaxSessions 64',
    'MaxStartups 200',
    // VERBOSE logs one "Accepted publickey" line per authenticated connection: that is how connections are counted.
    'LogLevel VERBOSE',
    'Subsystem sftp internal-sftp',
  ].join('\n') + '\n'

/** Every live descendant of pid (sshd starts each session in its own session, so a group kill misses them). */
function descendants(pid) {
  const children = new Map()
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue
    let stat
    try {
      stat = readFileSync(`/proc/${e}/stat`, 'utf8')
    } catch {
      continue
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    children.set(ppid, [...(children.get(ppid) ?? []), Number(e)])
  }
  const out = []
  const walk = (p) => (children.get(p) ?? []).forEach((c) => (out.push(c), walk(c)))
  walk(pid)
  return out
}

/**
 * Starts n sshd hosts (bench01…) with their own host keys and one shared client key, in dir; `block` (a loopback
 * "a.b.c") and `dataRoot` keep a second fleet apart from the default one.
 * Returns {hosts, cidr, clientKey, knownHosts, accepted(), wipeCmd, stop()}.
 */
export async function startFleet(dir, n, {block = ADDRESS_BLOCK, dataRoot = DATA_ROOT} = {}) {
  if (process.getuid?.() !== 0) throw new Error('the SSH benchmark logs in as root and bind-mounts host roots: run it as root')
  if (!/^127\.\d{1,3}\.\d{1,3}$/.test(block)) throw new Error(`address block ${block} is not a loopback a.b.c`)
  if (n > 250) throw new Error(`at most 250 hosts (${block}.2–${block}.251)`)
  mkdirSync(dir, {recursive: true})
  // sshd refuses to start as root without its privilege separation directory; Debian creates it only at boot.
  mkdirSync('/run/sshd', {recursive: true, mode: 0o755})
  mkdirSync(HOST_ROOT, {recursive: true})
  const clientKey = join(dir, 'client_ed25519')
  if (!existsSync(clientKey)) keygen('-q', '-t', 'ed25519', '-N', '', '-C', 'kotadc-bench-client', '-f', clientKey)
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`))
  const hosts = []
  for (let i = 1; i <= n; i++) {
    const name = `bench${String(i).padStart(2, '0')}`
    const h = {name, address: `${block}.${i + 1}`, port: SSH_PORT, log: join(dir, `${name}.log`)}
    const key = join(dir, `${name}.key`)
    if (!existsSync(key)) keygen('-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', key)
    h.fingerprint = keygen('-l', '-E', 'sha256', '-f', `${key}.pub`).split(' ')[1]
    h.publicKey = readFileSync(`${key}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')
    writeFileSync(join(dir, `${name}.sshd_config`), sshdConfig(dir, h))
    mkdirSync(join(dataRoot, name), {recursive: true})
    hosts.push(h)
  }
  const knownHosts = join(dir, 'known_hosts')
  writeFileSync(knownHosts, hosts.map((h) => `[${h.address}]:${SSH_PORT} ${h.publicKey}\n`).join(''))

  const children = hosts.map((h) => {
    const err = openSync(h.log, 'w')
    // unshare execs sh in a new private mount namespace and a new PID namespace (--fork: sh is its PID 1); sh binds
    // the host's directory and execs sshd. In its own PID namespace a host numbers its processes from 1, so the
    // difference between two probes' `$$` counts every process a run started there (procs()).
    // Debian's bash sources ~/.bashrc for every command sshd runs; this machine's /root/.bashrc runs `pyenv init`
    // (~300 ms), which no server has. Each host gets Debian's stock root .bashrc instead.
    const script = 'mount --bind "$1" "$2" && { [ ! -e /root/.bashrc ] || mount --bind "$4" /root/.bashrc; } && exec /usr/sbin/sshd -D -e -f "$3"'
    const child = spawn(
      'unshare',
      [
        '-m',
        '-p',
        '--fork',
        '--propagation',
        'private',
        'sh',
        '-c',
        script,
        'sh',
        join(dataRoot, h.name),
        HOST_ROOT,
        join(dir, `${h.name}.sshd_config`),
        STOCK_BASHRC,
      ],
      {stdio: ['ignore', 'ignore', err]},
    )
    child.on('error', () => undefined)
    return child
  })
  const stop = async () => {
    for (const c of children) {
      if (c.exitCode !== null || c.pid === undefined) continue
      for (const pid of [...descendants(c.pid), c.pid]) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
    }
    await sleep(200)
  }
  const deadline = Date.now() + 20_000
  for (const h of hosts) {
    while (!readFileSync(h.log, 'utf8').includes(`Server listening on ${h.address} port ${SSH_PORT}`)) {
      const c = children[hosts.indexOf(h)]
      if (c.exitCode !== null || Date.now() > deadline) {
        await stop()
        throw new Error(`sshd of ${h.name} did not start:\n${readFileSync(h.log, 'utf8')}`)
      }
      await sleep(50)
    }
  }
  return {
    hosts,
    cidr: `${block}.0/24`,
    clientKey,
    knownHosts,
    /** Authenticated connections per host so far, from the sshd logs. */
    accepted: () =>
      Object.fromEntries(hosts.map((h) => [h.name, (readFileSync(h.log, 'utf8').match(/Accepted publickey for root from /g) ?? []).length])),
    /**
     * Processes started on host h (sshd's own per connection included) by fn(): the PID-namespace counter read by one
     * ssh probe before and one after, less what one probe costs (measured by two probes back to back).
     */
    procs: (h, fn) => {
      const probe = () => Number(execFileSync('ssh', [...sshArgs(h, clientKey, knownHosts), 'echo $$'], {encoding: 'utf8'}).trim())
      const a = probe()
      const perProbe = probe() - a
      const before = probe()
      fn()
      return probe() - before - perProbe
    },
    /** Shell command emptying every host's directory (the state before a first run); the directories stay, being bind-mounted. */
    wipeCmd: `find ${hosts.map((h) => join(dataRoot, h.name)).join(' ')} -mindepth 1 -maxdepth 1 -exec rm -rf -- {} +`,
    stop,
  }
}
