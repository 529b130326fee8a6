import type {OpsErrorJson} from '../../errors/ops-error.js'
import type {LateBinding, PlaybookTask} from '../../playbooks/model.js'
import type {TaskVariables} from '../../tasks/context.js'
import type {RemoteShell, SshTarget} from '../ssh/types.js'

/** One host's share of a run: where to connect and what to run there, in order. */
export interface HostJob {
  host: string
  target: SshTarget
  tasks: PlaybookTask[]
  handlers: PlaybookTask[]
  variables: TaskVariables
  /** Tasks that read facts or registered output: the runner binds them after the first gathering. */
  late?: LateBinding
}

export interface RunnerOptions {
  /** Plan only: connect, gather, plan, report; run no step. */
  check: boolean
  /** Include unified diffs of file changes in task reports. */
  diff: boolean
  /** Hosts worked on at once (default: all of a batch). */
  forks?: number
  /** Hosts per batch; the next batch starts when one is done. */
  serial?: number
  /** With serial: stop starting batches once more than this share of hosts failed (default 0: any failure). */
  maxFailPercent?: number
  /** Reconnects per host after a lost connection (default 1). */
  retries?: number
  /** Per-command timeout when a task sets none (default 10 minutes). */
  taskTimeoutMs?: number
  /** SSH handshake timeout of every host, over site.ssh.connectTimeout (--connect-timeout). */
  connectTimeoutMs?: number
  /** SSH handshakes in flight at once (default 32; --connect-concurrency). */
  connectConcurrency?: number
}

/** How a run's SSH handshakes are paced: the part of the options every command reaching hosts through the runner passes. */
export type ConnectPacing = Pick<RunnerOptions, 'connectTimeoutMs' | 'connectConcurrency'>

export type RunEvent =
  | {kind: 'start'; hosts: string[]}
  | {kind: 'host'; host: string; phase: 'connecting' | 'gathering' | 'planning' | 'applying' | 'handlers' | 'verifying' | 'reconnecting'}
  | {kind: 'task'; host: string; task: string; status: TaskStatus | 'running'; summary: string}
  | {kind: 'host-done'; host: string; status: HostStatus}

export interface RunnerDeps {
  connect(target: SshTarget): Promise<RemoteShell>
  /** A fresh 6–64 character alphanumeric token (temp file names, fact markers). */
  token(): string
  /** templates/<name> content. */
  template(name: string): string | undefined
  /** Repository file content (copy tasks). */
  repoFile(path: string): Buffer | string | undefined
  /** Replaces every secret value in text by ***: applied to everything a report carries. */
  mask(text: string): string
  onEvent?(event: RunEvent): void
  /** Milliseconds, for each host's duration (default Date.now). */
  now?(): number
}

export type TaskStatus = 'ok' | 'changed' | 'failed' | 'skipped'
export type HostStatus = 'ok' | 'changed' | 'failed' | 'unreachable'

export interface TaskReport {
  name: string
  type: string
  status: TaskStatus
  summary: string
  diff?: string
  error?: OpsErrorJson
  /** Something the operator should know that is no change, e.g. a database kotadc keeps but no longer manages. */
  notice?: string
}

export interface HostReport {
  host: string
  status: HostStatus
  tasks: TaskReport[]
  handlers: TaskReport[]
  /** Why the host failed or was unreachable (connection, fact gathering or the failed task). */
  error?: OpsErrorJson
  /** Tasks whose verification plan still wanted a change after apply. */
  notConverged?: string[]
  /** Reconnects after a lost connection. */
  reconnects?: number
  /** From connecting to the last handler, in milliseconds. */
  durationMs?: number
}

export interface RunSummary {
  ok: number
  changed: number
  failed: number
  unreachable: number
}

export interface RunnerResult {
  hosts: HostReport[]
  summary: RunSummary
  /** Set when --serial stopped starting batches because too many hosts failed. */
  aborted?: {reason: string; skippedHosts: string[]}
}
