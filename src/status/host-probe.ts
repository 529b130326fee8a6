import type {FilesystemUse} from './model.js'
import type {Cmd} from '../tasks/cmd.js'
import {shell} from '../tasks/cmd.js'

/** What one host told `kotadc status` in its single round trip. */
export interface HostProbe {
  os: string
  uptimeSeconds: number
  load: [number, number, number]
  memory: {totalBytes: number; availableBytes: number}
  filesystems: FilesystemUse[]
  /** Docker hosts only: container name → docker's State (running, exited, ...), or why docker did not answer. */
  docker?: {ok: true; containers: Map<string, string>} | {ok: false; error: string}
  /** Database hosts only: the databases PostgreSQL has, or why it did not answer. */
  postgres?: {ok: true; databases: Set<string>} | {ok: false; error: string}
  /** Port → whether a TCP connection to it on the host's loopback was accepted. */
  ports: Map<number, boolean>
}

export interface ProbeRequest {
  docker: boolean
  postgres: boolean
  ports: readonly number[]
}

/**
 * Everything `status` asks a host, as one POSIX sh script: host facts from /proc and df, then (by role) docker's
 * containers and PostgreSQL's databases, then each published port from the host's own loopback. Sections start with
 * `@name`; the inventory's values arrive only as "$@" arguments, never as script text. The port checks run in
 * parallel so a port that never answers costs its 3 s timeout once, not once per port.
 */
const SCRIPT = `docker=$1; pg=$2; shift 2
echo @os; (. /etc/os-release 2>/dev/null && printf '%s\\n' "$PRETTY_NAME")
echo @uptime; cat /proc/uptime
echo @load; cat /proc/loadavg
echo @mem; grep -E '^(MemTotal|MemAvailable):' /proc/meminfo
echo @df; df -P -B1 -l -x tmpfs -x devtmpfs -x squashfs -x efivarfs 2>/dev/null | tail -n +2 | while read -r fs size used avail pct mnt; do [ -d "$mnt" ] && printf '%s %s %s\\n' "$size" "$used" "$mnt"; done
if [ "$docker" = 1 ]; then out=$(sudo -n docker ps -a --format '{{.Names}}\t{{.State}}' 2>&1); echo "@docker $?"; printf '%s\\n' "$out"; fi
if [ "$pg" = 1 ]; then out=$(sudo -n runuser -u postgres -- psql -X -At -d postgres -c 'SELECT datname FROM pg_database WHERE NOT datistemplate' 2>&1); echo "@postgres $?"; printf '%s\\n' "$out"; fi
for p in "$@"; do (if timeout 3 bash -c ": </dev/tcp/127.0.0.1/$p" 2>/dev/null; then echo "@port $p 1"; else echo "@port $p 0"; fi) & done; wait
echo @end`

export const hostProbeCmd = (req: ProbeRequest): Cmd => shell(SCRIPT, req.docker ? '1' : '0', req.postgres ? '1' : '0', ...req.ports.map(String))

/** Mounts that are docker's own (each container's overlay), not the host's filesystems. */
const DOCKER_MOUNT = /^\/(var\/lib\/docker|run\/docker)\//

const num = (s: string | undefined): number => {
  const n = Number(s)
  return Number.isFinite(n) ? n : 0
}

function sections(stdout: string): Map<string, {arg: string; lines: string[]}[]> {
  const out = new Map<string, {arg: string; lines: string[]}[]>()
  let current: {arg: string; lines: string[]} | undefined
  for (const line of stdout.split('\n')) {
    const m = /^@([a-z]+)(?: (.*))?$/.exec(line)
    if (m?.[1]) {
      current = {arg: m[2] ?? '', lines: []}
      out.set(m[1], [...(out.get(m[1]) ?? []), current])
    } else if (current && line !== '') current.lines.push(line)
  }
  return out
}

const firstLine = (lines: readonly string[]): string => (lines.find((l) => l.trim() !== '') ?? 'no output').trim().slice(0, 200)

/** Parses the probe's output; undefined when it did not run to its end marker (the host counts as failed). */
export function parseHostProbe(stdout: string): HostProbe | undefined {
  const s = sections(stdout)
  if (!s.has('end')) return undefined
  const one = (name: string): string[] => s.get(name)?.[0]?.lines ?? []
  const mem = new Map(
    one('mem').map((l) => {
      const [k, v] = l.split(/:\s+/)
      return [k ?? '', num(v?.split(/\s+/)[0]) * 1024] as const
    }),
  )
  const load = (one('load')[0] ?? '').split(/\s+/)
  const probe: HostProbe = {
    os: one('os')[0] ?? '',
    uptimeSeconds: Math.round(num((one('uptime')[0] ?? '').split(/\s+/)[0])),
    load: [num(load[0]), num(load[1]), num(load[2])],
    memory: {totalBytes: mem.get('MemTotal') ?? 0, availableBytes: mem.get('MemAvailable') ?? 0},
    filesystems: one('df')
      .map((l) => /^(\d+) (\d+) (.+)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null && !DOCKER_MOUNT.test(m[3] ?? ''))
      .map((m) => ({mount: m[3] ?? '', sizeBytes: num(m[1]), usedBytes: num(m[2])})),
    ports: new Map((s.get('port') ?? []).map((p) => p.arg.split(' ')).map(([port, ok]) => [num(port), ok === '1'] as const)),
  }
  const docker = s.get('docker')?.[0]
  if (docker)
    probe.docker =
      docker.arg === '0'
        ? {
            ok: true,
            containers: new Map(
              docker.lines.map((l) => {
                const [name, state] = l.split('\t')
                return [name ?? '', state ?? ''] as const
              }),
            ),
          }
        : {ok: false, error: firstLine(docker.lines)}
  const pg = s.get('postgres')?.[0]
  if (pg) probe.postgres = pg.arg === '0' ? {ok: true, databases: new Set(pg.lines.map((l) => l.trim()))} : {ok: false, error: firstLine(pg.lines)}
  return probe
}
