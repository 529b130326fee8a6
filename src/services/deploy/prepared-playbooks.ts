import {Problems} from '../../errors/problems.js'
import type {RemoteShell, SshTarget} from '../../exec/ssh/types.js'
import type {Inventory} from '../../inventory/model.js'
import type {SecretStore} from '../../inventory/secrets.js'
import type {Secret} from '../../inventory/secret.js'
import type {Playbook} from '../../playbooks/model.js'
import {resolveTargets} from '../../playbooks/targets.js'
import type {RunPlaybookResult} from '../run-playbook.js'
import type {PlaybookPhaseOptions} from './playbook-phase.js'

/** The edges a playbook that reads live state needs; the service layer passes the real ones, tests fakes. */
export interface PrepareDeps {
  /** A connection of its own, for proving that a fresh login still gets in (the firewall's guard). */
  connect(target: SshTarget): Promise<RemoteShell>
  /** A connection for reading live state and running the phase's own commands: the run's shared one (site-shells.ts); connect when absent. */
  shell?(target: SshTarget): Promise<RemoteShell>
  token(): string
  now(): Date
  /** Signs a CSR (PEM) for `domain` with the site CA; returns the certificate (PEM). */
  sign(csr: string, domain: string, ca: {key: Secret; cert: string}): Promise<string>
  /** Waits this long (tests pass a fake clock). */
  sleep(ms: number): Promise<void>
}

export interface PrepareContext extends PrepareDeps {
  shell(target: SshTarget): Promise<RemoteShell>
  check: boolean
  /** Hosts the phase works on: the playbook's targets narrowed by --limit, in inventory order. */
  hosts: readonly string[]
  environ: Record<string, string | undefined>
  secrets(): Promise<SecretStore>
}

/**
 * A built-in playbook whose tasks depend on live state (zone serials, certificate expiry, a CA in the secrets):
 * `prepare` reads that state and builds the playbook; `finish` runs after it (the firewall's guarded load).
 */
export interface PreparedPlaybook {
  targets: readonly string[]
  /** Before any change and without contacting hosts: throws on inventory values or secrets the playbook cannot use. */
  preflight(inv: Inventory, ctx: PrepareContext): Promise<void>
  prepare(inv: Inventory, ctx: PrepareContext): Promise<Playbook>
  finish?(inv: Inventory, result: RunPlaybookResult, ctx: PrepareContext): Promise<RunPlaybookResult>
  /** Replaces prepare → run → finish for a phase that runs in steps (backup: sources first, then the hosts that authorize their keys). */
  run?(inv: Inventory, ctx: PrepareContext, runPlaybook: (pb: Playbook) => Promise<RunPlaybookResult>): Promise<RunPlaybookResult>
}

/** The hosts of a prepared playbook narrowed by --limit (an empty selection is fine: the phase has nothing to do). */
export function preparedHosts(inv: Inventory, p: PreparedPlaybook, limit: readonly string[]): string[] {
  const allowed = limit.length === 0 ? undefined : new Set(resolveTargets(inv, limit).map((h) => h.name))
  return resolveTargets(inv, [...p.targets])
    .filter((h) => !allowed || allowed.has(h.name))
    .map((h) => h.name)
}

export interface PreparedRunDeps {
  prepare?: PrepareDeps
  secrets: (inv: Inventory) => Promise<SecretStore>
  runPlaybook: (inv: Inventory, pb: Playbook, opts: PlaybookPhaseOptions) => Promise<RunPlaybookResult>
}

export const prepareContext = (
  inv: Inventory,
  p: PreparedPlaybook,
  opts: PlaybookPhaseOptions,
  deps: Omit<PreparedRunDeps, 'runPlaybook'>,
): PrepareContext => {
  let store: Promise<SecretStore> | undefined
  if (!deps.prepare) throw new Error('prepared playbooks need deps.prepare')
  const prepare = deps.prepare
  return {
    ...prepare,
    shell: (t) => (prepare.shell ?? prepare.connect)(t),
    check: opts.check,
    hosts: preparedHosts(inv, p, opts.limit),
    environ: opts.environ,
    secrets: () => (store ??= deps.secrets(inv)),
  }
}

/** prepare → run (through the same runner as every playbook phase) → finish. */
export async function runPrepared(
  inv: Inventory,
  p: PreparedPlaybook,
  opts: PlaybookPhaseOptions,
  deps: PreparedRunDeps,
): Promise<RunPlaybookResult> {
  const ctx = prepareContext(inv, p, opts, deps)
  if (ctx.hosts.length === 0) return {playbook: '', check: opts.check, hosts: [], summary: {ok: 0, changed: 0, failed: 0, unreachable: 0}}
  if (p.run) return p.run(inv, ctx, (pb) => deps.runPlaybook(inv, pb, opts))
  const pb = await p.prepare(inv, ctx)
  const result = await deps.runPlaybook(inv, pb, opts)
  return p.finish ? p.finish(inv, result, ctx) : result
}

/** The playbook sources of a site run: zero-argument built-ins and prepared ones. */
export interface PhasePlaybookDeps extends PreparedRunDeps {
  playbooks: Readonly<Record<string, () => Playbook>>
  prepared?: Readonly<Record<string, PreparedPlaybook>>
}

export const hasPhasePlaybook = (deps: Pick<PhasePlaybookDeps, 'playbooks' | 'prepared'>, name: string): boolean =>
  name in deps.playbooks || name in (deps.prepared ?? {})

/** Runs the phase's playbook, built-in or prepared (deps.prepare must be set for prepared ones). */
export async function runPhasePlaybook(
  name: string,
  inv: Inventory,
  opts: PlaybookPhaseOptions,
  deps: PhasePlaybookDeps,
): Promise<RunPlaybookResult> {
  const build = deps.playbooks[name]
  if (build) return deps.runPlaybook(inv, build(), opts)
  const prepared = deps.prepared?.[name]
  if (!prepared) throw new Error(`no built-in playbook ${name}`)
  const result = await runPrepared(inv, prepared, opts, deps)
  return {...result, playbook: result.playbook || name}
}

/** Checks a phase's playbook against the inventory before any change (no host contact). */
export async function preflightPhasePlaybook(name: string, inv: Inventory, opts: PlaybookPhaseOptions, deps: PhasePlaybookDeps): Promise<void> {
  const build = deps.playbooks[name]
  if (build) {
    const pb = build()
    const allowed = opts.limit.length === 0 ? undefined : new Set(resolveTargets(inv, opts.limit).map((h) => h.name))
    // Building every host's tasks now surfaces an inventory value a built-in playbook cannot use, before any change.
    const problems = new Problems()
    for (const h of resolveTargets(inv, pb.targets).filter((x) => !allowed || allowed.has(x.name))) await problems.check(() => pb.tasksFor(inv, h))
    problems.throwIfAny()
    return
  }
  const prepared = deps.prepared?.[name]
  if (!prepared) throw new Error(`no built-in playbook ${name}`)
  await prepared.preflight(inv, prepareContext(inv, prepared, opts, deps))
}
