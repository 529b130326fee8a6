import {Errors} from '@oclif/core'
import {defineCodes} from './define.js'
import {BugError, isOpsError, type OpsError, UserError} from './ops-error.js'

/** Errors of the command line itself: confirmation, arguments, and anything unexpected reaching the top. */
export const cliErrors = {
  confirmationRequired: (what: string, preview?: string) =>
    new UserError({
      code: 'CONFIRMATION_REQUIRED',
      message: `${what} needs confirmation, and there is no terminal to ask on`,
      hint: `rerun with --yes (env KOTADC_YES=true)${preview ? `; see first what it would do with ${preview}` : ''}`,
    }),
  declined: (what: string) =>
    new UserError({code: 'DECLINED', message: `${what} cancelled: not confirmed`, hint: 'answer "y" to proceed, or pass --yes'}),
  /** A command line kotadc cannot act on (a missing argument, a flag value out of range): oclif's usage error, exit 2. */
  usage: (message: string) => new Errors.CLIError(message, {exit: 2}),
  execNoCommand: () => cliErrors.usage('kotadc exec needs a command after --, e.g. kotadc exec db1 -- uptime'),
  /** Something that is not an OpsError reached a boundary: a bug, reported as one. */
  internal: (e: unknown) =>
    new BugError({
      code: 'INTERNAL',
      message: `internal error: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'this is a kotadc bug; please report it with the command you ran (rerun with --verbose for the stack trace)',
      cause: e,
    }),
}

/**
 * The one place an error kotadc did not raise on purpose becomes an OpsError (INTERNAL, exit 70). The CLI's error
 * presenter uses it for whatever reaches the top; reports that outlive one failure (a host of a run, a phase of a
 * deploy) use it to record that failure and carry on.
 */
export const asOpsError = (e: unknown): OpsError => (isOpsError(e) ? e : cliErrors.internal(e))

export const cliCodes = defineCodes({
  CONFIRMATION_REQUIRED: {
    family: 'user',
    meaning: 'a command that changes hosts needs confirmation and there is no terminal to ask on',
    fix: 'rerun with --yes (env KOTADC_YES=true); deploy and run say which command previews the change (kotadc plan, --check)',
  },
  DECLINED: {
    family: 'user',
    meaning: 'the confirmation question was not answered with yes; nothing was changed',
    fix: 'answer "y" to proceed, or pass --yes',
  },
  INTERNAL: {
    family: 'bug',
    meaning: 'an unexpected error inside kotadc',
    fix: 'please report it with the command you ran; --verbose prints the stack trace',
  },
})
