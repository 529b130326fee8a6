import type {BackupStatus, HostStatus, StatusSnapshot, WorkloadStatus} from '../../status/model.js'
import type {Painter} from '../style.js'
import {renderTable} from './table.js'

const GiB = 1024 ** 3
const gib = (b: number): string => `${(b / GiB).toFixed(b < 10 * GiB ? 1 : 0)}G`
const pct = (used: number, size: number): string => (size > 0 ? `${Math.round((used / size) * 100)}%` : '-')

function uptime(s: number | undefined): string {
  if (s === undefined) return '-'
  const d = Math.floor(s / 86_400)
  const h = Math.floor((s % 86_400) / 3600)
  return d > 0 ? `${d}d ${h}h` : `${h}h ${Math.floor((s % 3600) / 60)}m`
}

const disks = (h: HostStatus): string => (h.filesystems ?? []).map((f) => `${f.mount} ${pct(f.usedBytes, f.sizeBytes)}`).join(', ') || '-'

const memory = (h: HostStatus): string =>
  h.memory ? `${pct(h.memory.totalBytes - h.memory.availableBytes, h.memory.totalBytes)} of ${gib(h.memory.totalBytes)}` : '-'

const age = (h: number | undefined): string => (h === undefined ? '-' : h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} d`)

const BACKUP: Record<BackupStatus['status'], string> = {fresh: 'fresh', stale: 'STALE', never: 'NO SNAPSHOT', unplanned: 'NOT BACKED UP'}

const section = (paint: Painter, title: string, body: string): string => `\n${paint('bold', title)}\n${body}`

/** Human form of `kotadc status`: the verdict, problems first (each with its command), then each part as a table. */
export function renderStatus(s: StatusSnapshot, paint: Painter): string {
  const verdict =
    s.overall === 'ok'
      ? paint('green', `${s.site}: all well`)
      : paint(
          'red',
          `${s.site}: ${s.problems.length} problem${s.problems.length === 1 ? '' : 's'}${s.overall === 'unreachable' ? ', hosts unreachable' : ''}`,
        )
  const head = `${verdict}  ${paint('dim', `${s.at}${s.env ? ` (env ${s.env})` : ''}`)}`
  const problems = s.problems.map(
    (p) => `${paint(p.severity === 'unreachable' ? 'red' : 'yellow', `${p.kind} ${p.subject}`)}: ${p.message}\n  more: ${paint('cyan', p.command)}`,
  )
  const hosts = renderTable<HostStatus>(
    [
      {header: 'HOST', value: (h) => h.name},
      {header: 'UP', value: (h) => (h.reachable ? 'yes' : 'NO')},
      {header: 'OS', value: (h) => h.os ?? '-'},
      {header: 'UPTIME', value: (h) => uptime(h.uptimeSeconds), align: 'right'},
      {header: 'LOAD', value: (h) => (h.load ? h.load.map((l) => l.toFixed(2)).join(' ') : '-')},
      {header: 'MEMORY', value: memory},
      {header: 'DISK', value: disks},
    ],
    s.hosts,
    paint,
  )
  const workloads = renderTable<WorkloadStatus>(
    [
      {header: 'WORKLOAD', value: (w) => w.name},
      {header: 'AGENCY', value: (w) => w.agency},
      {header: 'KIND', value: (w) => w.kind},
      {header: 'HOST', value: (w) => w.host ?? '-'},
      {header: 'STATE', value: (w) => (w.state === 'running' ? w.state : w.state.toUpperCase())},
      {header: 'PORT', value: (w) => (w.port ? `${w.port.port} ${w.port.answering ? 'answers' : 'SILENT'}` : '-')},
      {header: 'DETAIL', value: (w) => w.detail ?? ''},
    ],
    s.agencies.flatMap((a) => a.workloads),
    paint,
  )
  const backups = renderTable<BackupStatus>(
    [
      {header: 'WORKLOAD', value: (b) => b.workload},
      {header: 'POLICY', value: (b) => b.policy},
      {header: 'AGE', value: (b) => age(b.ageHours), align: 'right'},
      {header: 'RPO', value: (b) => `${b.rpoHours} h`, align: 'right'},
      {header: 'STATUS', value: (b) => BACKUP[b.status]},
      {
        header: 'LAST DRILL',
        value: (b) => (b.lastDrill ? `${b.lastDrill.at.slice(0, 16).replace('T', ' ')} ${b.lastDrill.passed ? 'passed' : 'FAILED'}` : 'never'),
      },
    ],
    s.backups,
    paint,
  )
  const certs = renderTable(
    [
      {header: 'DOMAIN', value: (c: StatusSnapshot['certificates'][number]) => c.domain},
      {header: 'HOST', value: (c) => c.host},
      {header: 'DAYS LEFT', value: (c) => (c.daysLeft === null ? 'MISSING' : String(c.daysLeft)), align: 'right'},
    ],
    [...s.certificates].sort((a, b) => (a.daysLeft ?? -Infinity) - (b.daysLeft ?? -Infinity)),
    paint,
  )
  const last = s.deploys[0]
  const deploy = last
    ? `#${last.seq ?? '?'} ${last.at} by ${last.user}: ${last.outcome} (${last.phases.join(', ')}), commit ${last.inventoryCommit?.slice(0, 12) ?? 'none'}`
    : 'none recorded'
  return [
    head,
    ...(problems.length ? [section(paint, 'PROBLEMS', problems.join('\n'))] : []),
    section(paint, 'HOSTS', hosts),
    section(paint, 'WORKLOADS', workloads),
    ...(s.backups.length ? [section(paint, 'BACKUPS', backups)] : []),
    ...(s.certificates.length ? [section(paint, 'CERTIFICATES', certs)] : []),
    section(paint, 'LAST DEPLOY', deploy),
  ].join('\n')
}
