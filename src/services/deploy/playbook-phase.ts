import path from 'node:path'
import {builtinTemplatesDir, loadTemplates} from '../../exec/runner/repo-files.js'
import {runJobs} from '../../exec/runner/runner.js'
import type {HostJob, RunEvent, RunnerOptions} from '../../exec/runner/types.js'
import type {RemoteShell, SshTarget} from '../../exec/ssh/types.js'
import type {Inventory} from '../../inventory/model.js'
import type {Playbook} from '../../playbooks/model.js'
import {resolveTargets} from '../../playbooks/targets.js'
import type {RunPlaybookResult} from '../run-playbook.js'
import {variablesFor} from '../../playbooks/variables.js'
import {playbookMasker, repoRootOf} from '../run-playbook.js'
import {sshTargetFor} from '../ssh-targets.js'

export interface PlaybookPhaseDeps {
  connect: (target: SshTarget) => Promise<RemoteShell>
  token: () => string
}

export interface PlaybookPhaseOptions extends Partial<RunnerOptions> {
  check: boolean
  limit: readonly string[]
  environ: Record<string, string | undefined>
  cwd: string
  onEvent?: (e: RunEvent) => void
}

/** The playbook's hosts narrowed by --limit; unlike `kotadc run`, an empty selection is not an error: the phase has nothing to do. */
export function phaseHosts(inv: Inventory, pb: Playbook, limit: readonly string[]): string[] {
  const allowed = limit.length === 0 ? undefined : new Set(resolveTargets(inv, limit).map((h) => h.name))
  return resolveTargets(inv, pb.targets)
    .filter((h) => !allowed || allowed.has(h.name))
    .map((h) => h.name)
}

/**
 * Runs a built-in playbook object (not looked up by name, so phases need no entry in the run engine's registry)
 * the way `kotadc run` does: check mode plans only. It takes no lock: deploy holds the site lock around all its phases.
 */
export async function runPlaybookPhase(
  inv: Inventory,
  pb: Playbook,
  opts: PlaybookPhaseOptions,
  deps: PlaybookPhaseDeps,
): Promise<RunPlaybookResult> {
  const names = new Set(phaseHosts(inv, pb, opts.limit))
  const hosts = inv.hosts.filter((h) => names.has(h.name))
  const jobs: HostJob[] = hosts.map((h) => ({
    host: h.name,
    target: sshTargetFor(inv, h.name, opts.environ),
    tasks: pb.tasksFor(inv, h),
    handlers: pb.handlersFor(inv, h),
    variables: variablesFor(inv, h, pb),
  }))
  const root = repoRootOf(inv, opts.cwd)
  const builtin = builtinTemplatesDir()
  const templates = await loadTemplates([...(builtin ? [builtin] : []), path.join(root, 'templates')])
  const mask = playbookMasker(pb, jobs)
  const runnerOpts: RunnerOptions = {diff: false, ...opts, check: opts.check}
  const run = () =>
    runJobs(jobs, runnerOpts, {
      connect: deps.connect,
      token: deps.token,
      template: (n) => templates.get(n),
      repoFile: () => undefined,
      mask,
      ...(opts.onEvent ? {onEvent: opts.onEvent} : {}),
    })
  if (jobs.length === 0) return {playbook: pb.name, check: opts.check, hosts: [], summary: {ok: 0, changed: 0, failed: 0, unreachable: 0}}
  const result = await run()
  return {playbook: pb.name, check: opts.check, ...result}
}
