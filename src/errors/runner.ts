import type {SourceLocation} from './ops-error.js'
import {defineCodes} from './define.js'
import {ExternalError} from './ops-error.js'

const where = (at?: SourceLocation): {location?: SourceLocation} => (at && at.line > 0 ? {location: at} : {})

export const runnerErrors = {
  taskFailed: (
    host: string,
    task: string,
    displayed: string,
    exitCode: number | null,
    signal: string | null,
    stderrTail: string,
    at?: SourceLocation,
  ) =>
    new ExternalError({
      code: 'TASK_FAILED',
      message: `task "${task}" failed on host ${host}: ${displayed.length > 200 ? `${displayed.slice(0, 200)}…` : displayed} exited ${exitCode ?? signal ?? '?'}`,
      hint: `read the error output below; fix the host or the task, then run again (the later tasks of ${host} were skipped)`,
      failure: {argv: [displayed], exitCode, signal, stderrTail},
      ...where(at),
    }),
  /** A fact a planned change rests on no longer held when the change was about to run, and no earlier change of the run explains it. */
  conflict: (host: string, task: string, facts: readonly string[], at?: SourceLocation) =>
    new ExternalError({
      code: 'TASK_CONFLICT',
      message: `task "${task}" was not applied on host ${host}: ${facts.join(', ')} changed on the host between gathering and applying`,
      hint: `something besides this run changed ${host} meanwhile (an admin, a timer, another tool); look at what changed, then run again: kotadc plans again from what the host holds then (the later tasks of ${host} were skipped)`,
      ...where(at),
    }),
}

export const runnerCodes = defineCodes({
  TASK_CONFLICT: {
    family: 'external',
    meaning: 'a fact a planned change rested on changed on the host between gathering and applying; nothing of that task ran',
    fix: 'look at what else changed the host, then run again (kotadc plans again from what the host then holds)',
  },
  TASK_FAILED: {
    family: 'external',
    meaning: "a task's command failed on a host; that host's later tasks were skipped",
    fix: 'read the error output, fix the host or the task, then run again',
  },
})
