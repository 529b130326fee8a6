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
}

export type Change = NoChange | PlannedChange

export const noChange = (reason: string): NoChange => ({changed: false, reason})

export const change = (summary: string, steps: readonly Step[], diff?: string): PlannedChange =>
  diff === undefined ? {changed: true, summary, steps} : {changed: true, summary, steps, diff}
