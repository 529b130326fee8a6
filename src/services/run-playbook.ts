import path from 'node:path'
import {loadCopySources, loadTemplates, builtinTemplatesDir} from '../exec/runner/repo-files.js'
import {lookedFor, requireSources} from './playbook-sources.js'
import {runJobs} from '../exec/runner/runner.js'
import {createMasker, type Masker} from '../inventory/secret-mask.js'
import {newToken} from '../exec/runner/token.js'
import type {HostJob, HostReport, RunEvent, RunnerOptions, RunSummary} from '../exec/runner/types.js'
import {connectSsh} from '../exec/ssh/connect.js'
import type {RemoteShell, SshTarget} from '../exec/ssh/types.js'
import type {Inventory} from '../inventory/model.js'
import {openSecrets} from '../inventory/secrets.js'
import {PlaybookInvalidError, playbookErrors, type PlaybookIssue} from '../errors/playbook.js'
import {loadPlaybook, type LoadPlaybookOptions} from '../playbooks/load.js'
import type {HostTasks, Playbook} from '../playbooks/model.js'
import {selectTasks} from '../playbooks/model.js'
import {collectSecrets} from '../playbooks/secret-ref.js'
import {selectHosts} from '../playbooks/targets.js'
import {variablesFor} from '../playbooks/variables.js'
import type {SiteLock} from '../lock/holder.js'
import {siteLock, withSiteLock} from './site-lock.js'
import {builtinPlaybook, RUNNABLE_BUILTINS} from './builtin-playbooks.js'
import {siteSecretProblem} from '../inventory/validate/secret-owners.js'
import {PHASES} from './deploy/phases.js'
import {sshTargetFor} from './ssh-targets.js'

export interface RunPlaybookOptions extends RunnerOptions {
  /** A built-in name (services/builtin-playbooks.ts), a name in inventory/playbooks, or a path to a YAML file. */
  playbook: string
  limit?: string[]
  tags?: string[]
  skipTags?: string[]
  environ?: Record<string, string | undefined>
  cwd?: string
  onEvent?: (e: RunEvent) => void
  /** The command line as typed, shown to whoever finds the site lock taken. */
  command?: string
  /** Asked once the playbook and hosts are known, before anything changes (never in check mode). */
  confirm?: (question: string) => Promise<void>
}

export interface RunPlaybookDeps {
  connect: (target: SshTarget) => Promise<RemoteShell>
  token: () => string
  /** The site lock; default the inventory's (services/site-lock.ts). */
  lock?: SiteLock
}

/** The `--json` contract of `kotadc run`. */
export interface RunPlaybookResult {
  playbook: string
  check: boolean
  hosts: HostReport[]
  summary: RunSummary
  aborted?: {reason: string; skippedHosts: string[]}
}

// Playbooks send many short commands per host: one shell session each saves a channel and a login shell per command.
export const defaultRunDeps = (): RunPlaybookDeps => ({connect: (t) => connectSsh(t, {session: true}), token: newToken})

/** The repository a run works in: the parent of the inventory directory. */
export const repoRootOf = (inv: Inventory, cwd: string): string => path.resolve(cwd, inv.root, '..')

/**
 * Builds each selected host's job from the playbook (tags applied), resolving YAML playbooks' expressions per host
 * before anything connects. Every host's problems are thrown together, once each.
 */
export function planJobs(inv: Inventory, pb: Playbook, opts: Pick<RunPlaybookOptions, 'limit' | 'tags' | 'skipTags' | 'environ'>): HostJob[] {
  const tags = opts.tags ?? []
  const skipTags = opts.skipTags ?? []
  const issues = new Map<string, PlaybookIssue>()
  const jobs = selectHosts(inv, pb.targets, opts.limit ?? [], pb.targetsAt).flatMap((h): HostJob[] => {
    let planned: HostTasks
    try {
      planned = pb.planHost ? pb.planHost(inv, h) : {tasks: pb.tasksFor(inv, h), handlers: pb.handlersFor(inv, h)}
    } catch (e) {
      if (!(e instanceof PlaybookInvalidError)) throw e
      for (const i of e.issues) issues.set(`${i.location?.line}:${i.location?.col}:${i.code}:${i.message}`, i)
      return []
    }
    const {late} = planned
    return [
      {
        host: h.name,
        target: sshTargetFor(inv, h.name, opts.environ ?? {}),
        tasks: selectTasks(planned.tasks, tags, skipTags),
        handlers: planned.handlers,
        variables: variablesFor(inv, h, pb),
        ...(late ? {late: {requests: late.requests, bind: (values) => selectTasks(late.bind(values), tags, skipTags)}} : {}),
      },
    ]
  })
  if (issues.size > 0) throw new PlaybookInvalidError(pb.file ?? pb.name, [...issues.values()])
  return jobs
}

/**
 * The masker of a run: every secret value the playbook names (a YAML file's all, so tasks bound only after gathering
 * are covered), and those its vars and the jobs' tasks and handlers carry. `kotadc run`
 * and the deploy phases both build it here (the backup phase's tasks carry restic passwords).
 */
export const playbookMasker = (pb: Pick<Playbook, 'vars' | 'secrets'>, jobs: readonly HostJob[]): Masker =>
  createMasker(
    [...(pb.secrets ?? []), ...collectSecrets([pb.vars, ...jobs.flatMap((j) => [...j.tasks, ...j.handlers]).map((t) => t.args)])].map((s) =>
      s.reveal(),
    ),
  )

/** A built-in playbook by name (those that read live state only run as their deploy phase), else the user's file. */
export async function resolvePlaybook(name: string, opts: Omit<LoadPlaybookOptions, 'builtins'>): Promise<Playbook> {
  const builtin = builtinPlaybook(name)
  if (!builtin) return loadPlaybook(name, {...opts, builtins: RUNNABLE_BUILTINS})
  if ('build' in builtin) return builtin.build()
  throw playbookErrors.phaseOnly(name, PHASES.find((p) => p.runs === name)?.name ?? name)
}

/** `kotadc run`: load the playbook, resolve hosts, confirm, then run every host (under the site lock unless --check). */
export async function runPlaybook(inv: Inventory, opts: RunPlaybookOptions, deps: RunPlaybookDeps = defaultRunDeps()): Promise<RunPlaybookResult> {
  const cwd = opts.cwd ?? process.cwd()
  const environ = opts.environ ?? {}
  const root = repoRootOf(inv, cwd)
  const secrets = await openSecrets({dir: path.resolve(cwd, inv.root), environ})
  const pb = await resolvePlaybook(opts.playbook, {
    inventoryDir: inv.root,
    cwd,
    secret: (n) => (secrets.has(n) ? secrets.get(n) : undefined),
    secretScope: (n) => siteSecretProblem(n, inv),
  })
  const jobs = planJobs(inv, pb, opts)
  const everyTask = jobs.flatMap((j) => [...j.tasks, ...j.handlers])
  const mask = playbookMasker(pb, jobs)
  const builtin = builtinTemplatesDir()
  const repoTemplates = path.join(root, 'templates')
  const templates = await loadTemplates([...(builtin ? [builtin] : []), repoTemplates])
  const copies = everyTask.flatMap((t) => (t.type === 'copy' && t.skipped === undefined ? [(t.args as {src: string}).src] : []))
  const files = await loadCopySources([repoTemplates, ...(builtin ? [builtin] : [])], copies)
  requireSources(everyTask, {has: (t, src) => (t === 'copy' ? files.has(src) : templates.has(src)), looked: lookedFor(cwd, repoTemplates, builtin)})
  if (!opts.check)
    await opts.confirm?.(`run playbook ${pb.name} on ${jobs.length} host${jobs.length === 1 ? '' : 's'} (${jobs.map((j) => j.host).join(', ')})?`)
  const run = () =>
    runJobs(jobs, opts, {
      connect: deps.connect,
      token: deps.token,
      template: (n) => templates.get(n),
      repoFile: (p) => files.get(p),
      mask,
      ...(opts.onEvent ? {onEvent: opts.onEvent} : {}),
    })
  if (opts.check) return {playbook: pb.name, check: true, ...(await run())}
  const lock = deps.lock ?? siteLock(inv, {cwd, environ, command: opts.command ?? `kotadc run ${opts.playbook}`})
  const result = await withSiteLock(lock, run)
  return {playbook: pb.name, check: opts.check, ...result}
}

/** Exit code of a run: 3 when any host failed or was unreachable, or --serial aborted; else 0. */
export const runExitCode = (r: {summary: RunSummary; aborted?: unknown}): number =>
  r.summary.failed + r.summary.unreachable > 0 || r.aborted ? 3 : 0
