import {RENEW_WITHIN_DAYS} from '../pki/cert-plan.js'
import type {AgencyStatus, BackupStatus, CertificateStatus, DeployStatus, HostStatus, OverallState, StatusProblem} from './model.js'

/** A filesystem this full, or this little memory available, needs a person before it becomes an outage. */
export const DISK_FULL_RATIO = 0.9
export const MEMORY_LOW_RATIO = 0.05

export interface ProblemInputs {
  hosts: readonly HostStatus[]
  agencies: readonly AgencyStatus[]
  certificates: readonly CertificateStatus[]
  backups: readonly BackupStatus[]
  /** Source hosts that were reached but whose snapshots could not be listed. */
  backupFailures: readonly {host: string; message: string}[]
  /** Newest first. */
  deploys: readonly DeployStatus[]
  /** Why `audit verify` would fail, when it would. */
  auditBroken?: string
}

const attention = (kind: StatusProblem['kind'], subject: string, message: string, command: string): StatusProblem => ({
  kind,
  subject,
  message,
  command,
  severity: 'attention',
})

const pct = (r: number): string => `${Math.round(r * 100)}%`

function hostProblems(h: HostStatus): StatusProblem[] {
  if (!h.reachable)
    return [
      {
        kind: 'host',
        subject: h.name,
        message: `unreachable: ${h.error?.message ?? 'no answer'}`,
        command: `kotadc hosts ping ${h.name}`,
        severity: 'unreachable',
      },
    ]
  const out: StatusProblem[] = h.error ? [attention('host', h.name, h.error.message, `kotadc hosts ping ${h.name}`)] : []
  for (const fs of h.filesystems ?? []) {
    const used = fs.sizeBytes > 0 ? fs.usedBytes / fs.sizeBytes : 0
    if (used >= DISK_FULL_RATIO) out.push(attention('host', h.name, `${fs.mount} is ${pct(used)} full`, `kotadc exec ${h.name} -- df -h ${fs.mount}`))
  }
  const mem = h.memory
  if (mem && mem.totalBytes > 0 && mem.availableBytes / mem.totalBytes < MEMORY_LOW_RATIO)
    out.push(attention('host', h.name, `only ${pct(mem.availableBytes / mem.totalBytes)} of memory available`, `kotadc exec ${h.name} -- free -m`))
  return out
}

const names = (xs: readonly string[]): string => (xs.length <= 8 ? xs.join(', ') : `${xs.slice(0, 8).join(', ')} and ${xs.length - 8} more`)

/**
 * One problem per cause: items that fail for the same reason on the same host (docker not answering, PostgreSQL
 * down, no certificates yet) are one problem about the host naming them all, not one line each.
 */
function byCause(
  kind: StatusProblem['kind'],
  items: readonly {subject: string; host: string | null; message: string; command: string}[],
): StatusProblem[] {
  const groups = new Map<string, (typeof items)[number][]>()
  for (const i of items) groups.set(`${i.host ?? ''}\n${i.message}`, [...(groups.get(`${i.host ?? ''}\n${i.message}`) ?? []), i])
  return [...groups.values()].map((g) => {
    const first = g[0] as (typeof items)[number]
    return g.length === 1 || first.host === null
      ? attention(kind, first.subject, first.message, first.command)
      : attention(kind, first.host, `${g.length} ${kind}s (${names(g.map((i) => i.subject))}): ${first.message}`, first.command)
  })
}

function workloadProblems(agencies: readonly AgencyStatus[]): StatusProblem[] {
  const items = agencies.flatMap((a) =>
    a.workloads.flatMap((w) => {
      const more =
        w.kind === 'database'
          ? 'kotadc db list'
          : w.kind === 'container' && w.host
            ? `kotadc exec ${w.host} -- sudo docker ps -a --filter name=^${w.name}$`
            : w.kind === 'vm' && w.host
              ? `kotadc exec ${w.host} -- sudo virsh list --all`
              : `kotadc inventory show ${w.name}`
      const item = (message: string) => [{subject: w.name, host: w.host, message, command: more}]
      // An unreachable host is reported once, as a host problem.
      if (w.state === 'unknown') return /could not be asked$/.test(w.detail ?? '') ? [] : item(w.detail ?? 'state unknown')
      if (w.state !== 'running') return item(`${w.state}${w.detail ? `: ${w.detail}` : ''}`)
      if (w.port && !w.port.answering) return item(`runs, but port ${w.port.port} does not answer on ${w.host}`)
      return []
    }),
  )
  // Container names differ per item, so the grouped problem points at the host's whole container list.
  return byCause('workload', items).map((p) =>
    p.command.includes('docker ps') && !p.command.endsWith(`^${p.subject}$`) ? {...p, command: p.command.replace(/ --filter .*$/, '')} : p,
  )
}

function certificateProblems(certs: readonly CertificateStatus[]): StatusProblem[] {
  const items = certs.flatMap((c) => {
    const item = (message: string) => [{subject: c.domain, host: c.host, message, command: 'kotadc pki status'}]
    if (c.daysLeft === null) return item(`no certificate on ${c.host}`)
    if (c.daysLeft < 0) return item(`expired ${-c.daysLeft} days ago on ${c.host}`)
    if (c.daysLeft <= RENEW_WITHIN_DAYS) return item(`expires in ${c.daysLeft} days on ${c.host}`)
    return []
  })
  return byCause('certificate', items)
}

function backupProblems(b: BackupStatus): StatusProblem[] {
  const more = `kotadc backup status --limit agency:${b.agency}`
  const out: StatusProblem[] = []
  if (b.status === 'stale')
    out.push(
      attention('backup', b.workload, `newest snapshot is ${Math.round(b.ageHours ?? 0)} h old, policy ${b.policy} allows ${b.rpoHours} h`, more),
    )
  else if (b.status === 'never') out.push(attention('backup', b.workload, `no snapshot (policy ${b.policy})`, more))
  else if (b.status === 'unplanned') out.push(attention('backup', b.workload, 'has a backup policy but no host backs it up', more))
  if (b.lastDrill && !b.lastDrill.passed)
    out.push(attention('drill', b.workload, `the last restore drill (${b.lastDrill.at}) failed`, `kotadc backup drill --limit agency:${b.agency}`))
  return out
}

/** Every problem, unreachable hosts first, then in the order a person would look: hosts, workloads, backups, certificates, deploys. */
export function statusProblems(i: ProblemInputs): StatusProblem[] {
  const last = i.deploys[0]
  const problems = [
    ...i.hosts.flatMap(hostProblems),
    ...workloadProblems(i.agencies),
    ...i.backups.flatMap(backupProblems),
    ...i.backupFailures.map((f) =>
      attention('backup', f.host, `snapshots could not be listed: ${f.message}`, `kotadc backup status --limit ${f.host}`),
    ),
    ...certificateProblems(i.certificates),
    ...(last && last.outcome !== 'succeeded'
      ? [
          attention(
            'deploy',
            last.user,
            `the last deploy (${last.at}) ${last.outcome}${last.error ? `: ${last.error}` : ''}`,
            `kotadc audit show ${last.seq ?? ''}`.trimEnd(),
          ),
        ]
      : []),
    ...(i.auditBroken ? [attention('deploy', 'audit trail', i.auditBroken, 'kotadc audit verify')] : []),
  ]
  return [...problems.filter((p) => p.severity === 'unreachable'), ...problems.filter((p) => p.severity !== 'unreachable')]
}

/** The problems' commands as they must be typed for this environment: `--env lab` goes before any ` -- ` argv. */
export const commandsForEnv = (problems: readonly StatusProblem[], env: string | null): StatusProblem[] =>
  env === null
    ? [...problems]
    : problems.map((p) => {
        const at = p.command.indexOf(' -- ')
        const flag = ` --env ${env}`
        return {...p, command: at < 0 ? p.command + flag : p.command.slice(0, at) + flag + p.command.slice(at)}
      })

export const overallState = (problems: readonly StatusProblem[]): OverallState =>
  problems.some((p) => p.severity === 'unreachable') ? 'unreachable' : problems.length ? 'attention' : 'ok'

/** `kotadc status`'s exit code: 0 all well, 2 something needs attention, 3 hosts could not be reached. */
export const statusExitCode = (overall: OverallState): number => (overall === 'unreachable' ? 3 : overall === 'attention' ? 2 : 0)
