import type {Cmd} from './cmd.js'
import type {Step} from './step.js'

/** The task's target state already holds; nothing to run. */
export interface NoChange {
  readonly changed: false
  readonly reason: string
}

/** What the runner must do, in order, and (for file-like tasks) a unified diff of the content. */
export interface PlannedChange {
  readonly changed: true
  readonly summary: string
  readonly steps: readonly Step[]
  readonly diff?: string
  /**
   * Run on the host right before the steps: when it succeeds there, the task is no change after all, for `reason`.
   * A guarded command's plan is this very test, so the runner evaluates it live instead of re-planning.
   */
  readonly unlessAtApply?: {readonly cmd: Cmd; readonly reason: string}
}

export type Change = NoChange | PlannedChange

export const noChange = (reason: string): NoChange => ({changed: false, reason})

export const change = (summary: string, steps: readonly Step[], diff?: string): PlannedChange =>
  diff === undefined ? {changed: true, summary, steps} : {changed: true, summary, steps, diff}

/** The same change, to be skipped when `cmd` succeeds on the host at apply time (see PlannedChange.unlessAtApply). */
export const unlessAtApply = (c: PlannedChange, cmd: Cmd, reason: string): PlannedChange => ({...c, unlessAtApply: {cmd, reason}})
