import type {WorkloadFreshness} from '../../backup/freshness.js'
import {ExternalError, isOpsError} from '../../errors/ops-error.js'
import type {RunEvent} from '../../exec/runner/types.js'
import {connectSsh} from '../../exec/ssh/connect.js'
import {createShellPool} from '../../exec/ssh/pool.js'
import type {RemoteShell, SshTarget} from '../../exec/ssh/types.js'
import type {Inventory} from '../../inventory/model.js'
import type {BackupStatus, CertificateStatus, DeployStatus, StatusProblem, StatusSnapshot} from '../../status/model.js'
import {STATUS_VERSION} from '../../status/model.js'
import {commandsForEnv, overallState, statusProblems} from '../../status/problems.js'
import type {LibvirtAnswer} from '../../status/workloads.js'
import {agencyStatuses} from '../../status/workloads.js'
import {sshTargetFor} from '../ssh-targets.js'
import {gatherHypervisor} from '../vms/virsh.js'
import {auditEntries, readAuditTrail, verifyTrail, type AuditEntry} from '../audit/trail.js'
import {backupStatus} from '../backup/status.js'
import {pkiStatus} from '../pki/status.js'
import type {LastDrill} from './drills.js'
import {lastDrills} from './drills.js'
import {gatherHosts} from './hosts.js'

export interface GatherStatusOptions {
  cwd: string
  environ: Record<string, string | undefined>
  /** Hosts connected to and probed at once (default: all). */
  forks?: number
  /** Per-host progress, in the runner's events (cli/progress.ts draws them). */
  onEvent?: (e: RunEvent) => void
}

export interface GatherStatusDeps {
  connect: (target: SshTarget) => Promise<RemoteShell>
  now: () => Date
  /** Monotonic milliseconds, for the timing. */
  clock: () => number
}

export const defaultStatusDeps = (): GatherStatusDeps => ({connect: connectSsh, now: () => new Date(), clock: () => performance.now()})

const DAY_MS = 86_400_000
const DEPLOYS_SHOWN = 20

/** A pooled connection the owners (pki status, backup status) may "close": the pool closes it once, at the end. */
const borrowed = (s: RemoteShell): RemoteShell => ({
  host: s.host,
  run: (c, o) => s.run(c, o),
  put: (p, c, o) => s.put(p, c, o),
  close: async () => undefined,
})

const deployOf = (e: AuditEntry): DeployStatus => ({
  seq: e.seq,
  at: e.at,
  user: e.user,
  outcome: e.outcome,
  phases: e.phases.map((p) => p.name),
  inventoryCommit: e.inventoryCommit,
  durationMs: e.durationMs,
  ...(e.error ? {error: e.error} : {}),
})

function backupOf(w: WorkloadFreshness, drill: LastDrill | undefined): BackupStatus {
  const stalest = w.items.reduce<(typeof w.items)[number] | undefined>(
    (a, i) => (i.ageHours !== undefined && (!a || i.ageHours > (a.ageHours ?? 0)) ? i : a),
    undefined,
  )
  return {
    workload: w.workload,
    agency: w.agency,
    policy: w.policy,
    rpoHours: w.rpoHours,
    status: w.status,
    ...(stalest?.newest ? {newest: stalest.newest} : {}),
    ...(stalest?.ageHours !== undefined ? {ageHours: Math.round(stalest.ageHours * 10) / 10} : {}),
    ...(drill ? {lastDrill: drill} : {}),
  }
}

/**
 * Each hypervisor that should run VMs, asked through the vms capability's own gathering (one virsh session over the
 * pooled connection). A hypervisor that could not be reached is left out: its VMs are `unknown`, the host is the problem.
 */
async function gatherLibvirt(
  inv: Inventory,
  environ: Record<string, string | undefined>,
  connect: (t: SshTarget) => Promise<RemoteShell>,
): Promise<Map<string, LibvirtAnswer>> {
  const hypervisors = [...new Set(inv.workloads.flatMap((w) => (w.kind === 'vm' && w.hypervisor ? [w.hypervisor] : [])))]
  const answers = await Promise.all(
    hypervisors.map(async (h): Promise<[string, LibvirtAnswer | undefined]> => {
      let shell: RemoteShell
      try {
        shell = await connect(sshTargetFor(inv, h, environ))
      } catch {
        return [h, undefined]
      }
      try {
        const state = await gatherHypervisor(shell, h)
        return [h, {ok: true, domains: new Map(state.domains.map((d) => [d.name, d.state]))}]
      } catch (e) {
        if (!isOpsError(e)) throw e
        // virsh's own last words (e.g. "sudo: virsh: command not found") say more than the wrapper's message.
        const tail = e instanceof ExternalError ? e.failure?.stderrTail?.trim().split('\n').at(-1) : undefined
        return [h, {ok: false, error: tail || e.message}]
      }
    }),
  )
  return new Map(answers.filter((a): a is [string, LibvirtAnswer] => a[1] !== undefined))
}

/** A part of the pass that could not be done at all (no secrets, a fenced repository): one problem, the rest still shown. */
const partFailed = (kind: StatusProblem['kind'], subject: string, e: unknown, command: string): StatusProblem => {
  if (!isOpsError(e)) throw e
  return {kind, subject, message: `${e.message} [${e.code}]`, command, severity: 'attention'}
}

/**
 * `kotadc status` and the live `kotadc report`: one pass over the site. One SSH connection per host (a shared pool):
 * each host answers one probe script while pki status and backup status run over the same connections; drills and
 * deploys are read locally. Never throws for a host or a part that failed: that is in the snapshot's problems.
 */
export async function gatherStatus(inv: Inventory, opts: GatherStatusOptions, deps: GatherStatusDeps = defaultStatusDeps()): Promise<StatusSnapshot> {
  const pool = createShellPool(deps.connect)
  // pki and backup status start at once and wait only for their host's own connection, which the host pass dials
  // (within --forks): the pass takes as long as its slowest part, not the sum of them.
  const dialled = new Map(
    inv.hosts.map((h) => {
      let resolve = (): void => undefined
      const promise = new Promise<void>((r) => (resolve = r))
      return [h.name, {promise, resolve: () => resolve()}] as const
    }),
  )
  const connect = async (t: SshTarget): Promise<RemoteShell> => {
    await dialled.get(t.host)?.promise
    return borrowed(await pool.shell(t))
  }
  const onEvent = (e: RunEvent): void => {
    if (e.kind === 'host' && e.phase === 'connecting') dialled.get(e.host)?.resolve()
    opts.onEvent?.(e)
  }
  const t0 = deps.clock()
  const now = deps.now()
  const failed: StatusProblem[] = []
  try {
    const [gathered, pki, backups, drills, trail, libvirt] = await Promise.all([
      gatherHosts(inv, pool, {environ: opts.environ, now: deps.clock, onEvent, ...(opts.forks ? {forks: opts.forks} : {})}),
      pkiStatus(inv, {cwd: opts.cwd, environ: opts.environ}, {connect, now: () => now}).catch((e: unknown) => {
        failed.push(partFailed('certificate', 'certificates', e, 'kotadc pki status'))
        return undefined
      }),
      backupStatus(inv, {limit: [], environ: opts.environ}, {connect, now: () => now}).catch((e: unknown) => {
        failed.push(partFailed('backup', 'backups', e, 'kotadc backup status'))
        return undefined
      }),
      lastDrills(inv, opts.cwd),
      readAuditTrail(inv, opts).catch((e: unknown) => {
        failed.push(partFailed('deploy', 'audit trail', e, 'kotadc audit log'))
        return undefined
      }),
      gatherLibvirt(inv, opts.environ, connect),
    ])
    const unreachable = new Set(gathered.hosts.filter((h) => !h.reachable).map((h) => h.name))
    const certificates = (pki?.certificates ?? []).map((c): CertificateStatus => ({
      host: c.host,
      domain: c.domain,
      workload: c.workload,
      expiresAt: c.expiresAt,
      daysLeft: c.expiresAt === null ? null : Math.floor((Date.parse(c.expiresAt) - now.getTime()) / DAY_MS),
    }))
    const backupRows = (backups?.workloads ?? []).map((w) => backupOf(w, drills.get(w.workload)))
    const deploys = trail
      ? auditEntries(trail)
          .filter((e) => e.site === inv.site.name)
          .reverse()
          .slice(0, DEPLOYS_SHOWN)
          .map(deployOf)
      : []
    const verdict = trail ? verifyTrail(trail) : undefined
    const agencies = agencyStatuses(
      inv,
      (h) => gathered.probes.get(h),
      (h) => libvirt.get(h),
    )
    const hosts = gathered.hosts
    const problems = commandsForEnv(
      [
        ...statusProblems({
          hosts,
          agencies,
          certificates,
          backups: backupRows,
          backupFailures: (backups?.failures ?? []).filter((f) => !unreachable.has(f.host)).map((f) => ({host: f.host, message: f.error.message})),
          deploys,
          ...(verdict?.breaks[0] ? {auditBroken: `${verdict.breaks.length} problem(s) in the audit trail, first: ${verdict.breaks[0].message}`} : {}),
        }),
        ...failed,
      ],
      inv.env ?? null,
    )
    return {
      version: STATUS_VERSION,
      site: inv.site.name,
      env: inv.env ?? null,
      at: now.toISOString(),
      overall: overallState(problems),
      problems,
      hosts,
      agencies,
      certificates,
      backups: backupRows,
      deploys,
      timing: {connectMs: Math.round(gathered.connectMs), gatherMs: Math.round(deps.clock() - t0 - gathered.connectMs)},
    }
  } finally {
    await pool.closeAll()
  }
}
