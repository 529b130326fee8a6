import path from 'node:path'
import type {OpsErrorJson} from '../../errors/ops-error.js'
import {asOpsError} from '../../errors/cli.js'
import {newToken} from '../../exec/runner/token.js'
import type {ConnectPacing, HostReport, RunEvent} from '../../exec/runner/types.js'
import {connectSsh, verifiedHostKeys} from '../../exec/ssh/connect.js'
import type {HostKeySource} from '../../exec/ssh/openssh.js'
import type {TerraformCli} from '../../exec/terraform/runner.js'
import {TerraformRunner} from '../../exec/terraform/runner.js'
import type {Inventory} from '../../inventory/model.js'
import type {SecretStore} from '../../inventory/secrets.js'
import {openSecrets} from '../../inventory/secrets.js'
import type {Playbook} from '../../playbooks/model.js'
import type {RunPlaybookResult} from '../run-playbook.js'
import {repoRootOf} from '../run-playbook.js'
import {PLAIN_BUILTINS, PREPARED_BUILTINS} from '../builtin-playbooks.js'
import {signCsrLocally} from '../pki/sign.js'
import type {PlaybookPhaseOptions} from './playbook-phase.js'
import type {PrepareDeps, PreparedPlaybook} from './prepared-playbooks.js'
import {siteShells, type SiteShells} from './site-shells.js'
import {runPlaybookPhase} from './playbook-phase.js'
import type {StackPlanReport, SynthesizedStack} from './stacks.js'
import type {VmHypervisorReport, VmsPhaseDeps} from '../vms/phase.js'

/** The edges plan, deploy and drift work through; tests pass fakes (test/helpers/fake-terraform.ts and friends). */
export interface SiteDeps {
  terraform: TerraformCli
  runPlaybook: (inv: Inventory, pb: Playbook, opts: PlaybookPhaseOptions) => Promise<RunPlaybookResult>
  /** Built-in playbooks the playbook phases name. */
  playbooks: Readonly<Record<string, () => Playbook>>
  /** Built-in playbooks that read live state first (dns, proxy, firewall), and the edges they read it through. */
  prepared?: Readonly<Record<string, PreparedPlaybook>>
  prepare?: PrepareDeps
  secrets: (inv: Inventory) => Promise<SecretStore>
  /** Docker hosts' keys as kotadc's own client verified them, for the OpenSSH the docker provider runs. */
  hostKeys: HostKeySource
  /** Milliseconds, for durations. */
  now: () => number
  /** Synthesizes the docker hosts' stacks (default: stacks.ts synthStacksCached); tests stand built-in resources in. */
  synthStacks?: (inv: Inventory, hosts: readonly string[], projectRoot: string) => Promise<SynthesizedStack[]>
  /** The hypervisors' SSH connections and the clock of the vms phase. */
  vms: VmsPhaseDeps
  /** The SSH connections the phases share; the site run gives up a changed host's after each phase and closes all at its end. */
  shells?: SiteShells
}

export interface SiteOptions {
  /** `--limit`: host names, role:<role>, agency:<code>. */
  limit: string[]
  /** `--phase`: a subset of the phases (all when empty). */
  phases: string[]
  environ: Record<string, string | undefined>
  cwd: string
  onEvent?: (e: RunEvent) => void
  /** Playbook phases in check mode report each file change's unified diff (masked). */
  diff?: boolean
  /** One line per stack step (synth, init, plan, apply), for progress on stderr. */
  onProgress?: (line: string) => void
  /** `--restart-vms`: restart running VMs whose cpus or memory changed (else reported as restart needed). */
  restartVms?: boolean
  /** `--destroy-volumes`: apply stack plans that delete or replace docker volumes (else the phase stops, nothing applied). */
  destroyVolumes?: boolean
  /** `--connect-timeout`, `--connect-concurrency`: handed to the runner of every playbook phase. */
  connect?: ConnectPacing
}

export type PhaseStatus = 'unchanged' | 'changes' | 'changed' | 'failed' | 'skipped' | 'not-run'

export interface StackReport {
  stack: string
  host: string
  containers: number
  /** Stack files rewritten by this run (empty when the synthesized stack did not change). */
  written: string[]
  /** Whether `terraform init` ran (false: inputs, providers and backend unchanged since the last init). */
  initialized: boolean
  plan?: StackPlanReport
  applied?: boolean
  error?: OpsErrorJson
}

/** One phase's part of a plan, drift or deploy result (the --json contract). */
export interface PhaseReport {
  name: string
  kind: 'playbook' | 'stacks' | 'vms'
  status: PhaseStatus
  /** Why the phase was skipped or not run. */
  reason?: string
  hosts?: HostReport[]
  stacks?: StackReport[]
  /** The vms phase, per hypervisor. */
  vms?: VmHypervisorReport[]
  error?: OpsErrorJson
  /** How long the phase ran, in milliseconds (absent for phases that did not run). */
  durationMs?: number
}

export const errorJson = (e: unknown): OpsErrorJson => asOpsError(e).toJSON()

/** Where .kotadc/ lives: the parent of the inventory directory, as for `kotadc run`. */
export const projectRootOf = (inv: Inventory, cwd: string): string => repoRootOf(inv, cwd)

export const inventoryDirOf = (inv: Inventory, cwd: string): string => path.resolve(cwd, inv.root)

export function defaultSiteDeps(
  inv: Inventory,
  opts: {environ: Record<string, string | undefined>; cwd: string; tty: boolean; onOutput?: (chunk: string) => void},
): SiteDeps {
  // Phases run commands through one long-lived shell per host (ShellOptions.session), reads included.
  const shells = siteShells((t) => connectSsh(t, {session: true}))
  return {
    terraform: new TerraformRunner({binary: inv.terraform.binary, tty: opts.tty, ...(opts.onOutput ? {onOutput: (c) => opts.onOutput?.(c)} : {})}),
    runPlaybook: (i, pb, o) => runPlaybookPhase(i, pb, o, {connect: shells.connect, token: newToken}),
    playbooks: PLAIN_BUILTINS,
    prepared: PREPARED_BUILTINS,
    prepare: {
      connect: connectSsh,
      shell: shells.connect,
      token: newToken,
      now: () => new Date(),
      sign: signCsrLocally,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    },
    secrets: (i) => openSecrets({dir: inventoryDirOf(i, opts.cwd), environ: opts.environ}),
    hostKeys: verifiedHostKeys,
    now: () => Date.now(),
    vms: {connect: (t) => connectSsh(t), now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms))},
    shells,
  }
}

/** Status of a playbook phase from its run: failed hosts win, then changes. */
export function playbookStatus(r: RunPlaybookResult, check: boolean): PhaseStatus {
  if (r.hosts.length === 0) return 'skipped'
  if (r.summary.failed + r.summary.unreachable > 0 || r.aborted) return 'failed'
  if (r.summary.changed > 0) return check ? 'changes' : 'changed'
  return 'unchanged'
}

/**
 * Exit code of plan and drift: 3 when a host or terraform failed, 1 when only user errors stopped a phase
 * (a missing secret), 2 when something would change, 0 when nothing would.
 */
export function planExitCode(phases: readonly PhaseReport[]): number {
  const failed = phases.filter((p) => p.status === 'failed')
  if (failed.some((p) => p.error?.family !== 'user')) return 3
  if (failed.length > 0) return 1
  return phases.some((p) => p.status === 'changes') ? 2 : 0
}
