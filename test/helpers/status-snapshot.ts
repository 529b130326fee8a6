// Type-only imports: bench/report.mjs loads this file with Node's type stripping, next to the built CLI.
import type {Inventory, Workload} from '../../src/inventory/model.js'
import type {
  AgencyStatus,
  BackupStatus,
  CertificateStatus,
  DeployStatus,
  HostStatus,
  StatusProblem,
  StatusSnapshot,
  WorkloadStatus,
} from '../../src/status/model.js'

/** The moment every generated snapshot is taken at, so rendered pages are the same bytes on every run. */
export const SNAPSHOT_AT = '2026-11-30T02:00:00.000Z'
const GiB = 2 ** 30
const hoursBefore = (h: number): string => new Date(Date.parse(SNAPSHOT_AT) - h * 3_600_000).toISOString()

/**
 * A status snapshot of an inventory with fixed, known states: with `troubled`, one host is unreachable, one workload
 * stopped, one not deployed, one port silent, one disk nearly full, one backup stale and one never made, one drill
 * failed, one certificate missing and one close to expiry, and one deploy failed; everything else is well. Tests and
 * the report benchmark render it without a lab; the counts it yields are what the browser test expects on the page.
 */
export function snapshotOf(inv: Inventory, opts: {troubled: boolean}): StatusSnapshot {
  const t = opts.troubled
  const down = t ? inv.hosts.find((h) => h.roles.includes('hypervisor'))?.name : undefined
  const problems: StatusProblem[] = []
  const problem = (p: Omit<StatusProblem, 'severity'>, severity: StatusProblem['severity'] = 'attention') => problems.push({...p, severity})

  const hosts: HostStatus[] = inv.hosts.map((h, i): HostStatus => {
    if (h.name === down) {
      problem(
        {kind: 'host', subject: h.name, message: `${h.name} did not answer on port 22`, command: `kotadc hosts ping --limit ${h.name}`},
        'unreachable',
      )
      return {
        name: h.name,
        address: h.address,
        roles: [...h.roles],
        reachable: false,
        error: {code: 'SSH_CONNECT_TIMEOUT', message: `${h.name} did not answer on port 22`},
      }
    }
    const total = (h.resources?.memoryGiB ?? 16) * GiB
    const rootUse = t && i === 2 ? 0.93 : 0.2 + ((i * 7) % 5) / 10
    const size = (h.resources?.diskGiB ?? 200) * GiB
    const filesystems = [{mount: '/', sizeBytes: 40 * GiB, usedBytes: Math.round(40 * GiB * rootUse)}]
    if (h.roles.some((r) => r !== 'dns' && r !== 'proxy' && r !== 'firewall'))
      filesystems.push({mount: '/srv', sizeBytes: size, usedBytes: Math.round(size * (0.3 + i / 20))})
    if (rootUse > 0.9)
      problem({kind: 'host', subject: h.name, message: `/ on ${h.name} is ${Math.round(rootUse * 100)} % full`, command: `kotadc status --json`})
    return {
      name: h.name,
      address: h.address,
      roles: [...h.roles],
      reachable: true,
      os: 'Debian GNU/Linux 12 (bookworm)',
      uptimeSeconds: 86_400 * (3 + i * 11) + 3600 * i,
      load: [0.15 * (i + 1), 0.1 * (i + 1), 0.05 * (i + 1)],
      memory: {totalBytes: total, availableBytes: Math.round(total * (0.7 - i / 20))},
      filesystems,
    }
  })

  const workloadHost = (w: Workload): string | null => (w.kind === 'vm' ? (w.hypervisor ?? null) : w.host)
  const portOf = (w: Workload): number | undefined => (w.kind === 'postgres' ? undefined : w.port)
  // The troubled ones: among workloads on answering hosts, the 2nd is stopped, the 5th not deployed, the 8th with a port is silent.
  const alive = inv.workloads.filter((w) => workloadHost(w) !== down)
  const [stopped, missing] = t ? [alive[1]?.name, alive[4]?.name] : []
  const silent = t ? alive.filter((w) => portOf(w))[7]?.name : undefined
  const workloadState = (w: Workload): Pick<WorkloadStatus, 'state' | 'port'> => {
    const port = portOf(w)
    const host = workloadHost(w)
    if (host !== null && host === down) return {state: 'unknown'}
    if (w.name === stopped) return {state: 'stopped'}
    if (w.name === missing) return {state: 'not-deployed'}
    return {state: 'running', ...(port ? {port: {port, answering: w.name !== silent}} : {})}
  }
  const agencies: AgencyStatus[] = inv.agencies.map((a) => ({code: a.code, name: a.name, workloads: []}))
  inv.workloads.forEach((w) => {
    const ws: WorkloadStatus = {
      name: w.name,
      agency: w.agency,
      kind: w.kind === 'postgres' ? 'database' : w.kind,
      host: workloadHost(w),
      ...workloadState(w),
    }
    if (ws.state === 'stopped' || ws.state === 'not-deployed')
      problem({kind: 'workload', subject: w.name, message: `${w.name} is ${ws.state}`, command: `kotadc drift`})
    if (ws.port && !ws.port.answering)
      problem({
        kind: 'workload',
        subject: w.name,
        message: `${w.name} runs but port ${ws.port.port} does not answer`,
        command: `kotadc status --json`,
      })
    agencies.find((a) => a.code === w.agency)?.workloads.push(ws)
  })

  const proxy = inv.hosts.find((h) => h.roles.includes('proxy'))?.name ?? 'proxy'
  const served = inv.workloads.filter((w) => w.kind !== 'postgres' && w.domain)
  const certificates: CertificateStatus[] = served.flatMap((w, i) => {
    if (w.kind === 'postgres' || !w.domain) return []
    const daysLeft = t && i === 2 ? null : t && i === 5 ? 12 : 60 + ((i * 37) % 300)
    if (daysLeft === null || daysLeft <= 30)
      problem({
        kind: 'certificate',
        subject: w.domain,
        message: daysLeft === null ? `no certificate for ${w.domain}` : `${w.domain} expires in ${daysLeft} days`,
        command: 'kotadc pki status',
      })
    const expiresAt = daysLeft === null ? null : new Date(Date.parse(SNAPSHOT_AT) + daysLeft * 86_400_000).toISOString()
    return [{host: proxy, domain: w.domain, workload: w.name, expiresAt, daysLeft}]
  })

  const backups: BackupStatus[] = inv.workloads
    .filter((w) => w.backup)
    .flatMap((w, i) => {
      if (!w.backup) return []
      const policy = inv.backupPolicies.find((p) => p.name === w.backup?.policy)
      const rpoHours = policy?.rpoHours ?? 26
      const status: BackupStatus['status'] = t && i === 3 ? 'never' : t && i === 6 ? 'stale' : 'fresh'
      const ageHours = status === 'stale' ? rpoHours + 30 : 2 + (i % 20)
      const drill = i % 4 === 0 ? undefined : {at: hoursBefore(24 * (i % 30) + 5), passed: !(t && i === 2)}
      if (status !== 'fresh')
        problem({kind: 'backup', subject: w.name, message: `${w.name}: backup ${status}`, command: `kotadc backup status --limit agency:${w.agency}`})
      if (drill && !drill.passed)
        problem({kind: 'drill', subject: w.name, message: `last restore drill of ${w.name} failed`, command: `kotadc backup drill ${w.name}`})
      return [
        {
          workload: w.name,
          agency: w.agency,
          policy: w.backup.policy,
          rpoHours,
          status,
          ...(status === 'never' ? {} : {newest: hoursBefore(ageHours), ageHours}),
          ...(drill ? {lastDrill: drill} : {}),
        },
      ]
    })

  const admins = inv.site.admins.map((a) => a.name)
  const deploys: DeployStatus[] = Array.from({length: 20}, (_, i): DeployStatus => {
    const outcome: DeployStatus['outcome'] = t && i === 0 ? 'failed' : i === 6 ? 'interrupted' : 'succeeded'
    return {
      seq: 57 - i,
      at: hoursBefore(3 + i * 17),
      user: admins[i % Math.max(1, admins.length)] ?? 'admin',
      outcome,
      phases: ['stacks', 'databases', 'backups', 'network'].slice(0, 1 + (i % 4)),
      inventoryCommit: i === 9 ? null : `${(0x5e1f00 + i * 4099).toString(16)}c0ffee${i}`.padEnd(40, 'a'),
      durationMs: 4_000 + i * 3_700,
      ...(outcome === 'failed' ? {error: 'terraform apply failed on docker1 [TERRAFORM_APPLY_FAILED]'} : {}),
    }
  })
  if (deploys[0]?.outcome === 'failed')
    problem({kind: 'deploy', subject: 'deploy', message: 'the last deploy failed', command: 'kotadc audit show 1'})

  const overall = problems.some((p) => p.severity === 'unreachable') ? 'unreachable' : problems.length ? 'attention' : 'ok'
  return {version: 1, site: inv.site.name, env: inv.env ?? null, at: SNAPSHOT_AT, overall, problems, hosts, agencies, certificates, backups, deploys}
}
