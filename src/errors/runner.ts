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
}

export const runnerCodes = defineCodes({
  TASK_FAILED: {
    family: 'external',
    meaning: "a task's command failed on a host; that host's later tasks were skipped",
    fix: 'read the error output, fix the host or the task, then run again',
  },
})
