import {defineCodes} from './define.js'
import {BugError, ExternalError, type ExternalFailure} from './ops-error.js'

/** The batched fact script ended early: its output lacks the end marker of a fact. */
export const factOutputMissing = (fact: string, host?: string): ExternalError =>
  new ExternalError({
    code: 'FACT_OUTPUT_MISSING',
    message: `fact ${fact} returned no output${host ? ` on host ${host}` : ''}: the fact script stopped before reaching it`,
    hint: 'run `kotadc hosts ping` to check the connection and that the login user can run `sudo -n true`',
  })

/** A batch was built with a token that could collide with shell syntax. */
export const badBatchToken = (token: string): BugError =>
  new BugError({
    code: 'FACT_BATCH_TOKEN_INVALID',
    message: `fact batch token ${JSON.stringify(token)} must be 6 to 64 letters or digits`,
    hint: 'this is a kotadc bug: please report it with the command you ran',
  })

/** The same fact failure, told with the host it happened on and how the batch command ended. */
export const factOnHost = (e: ExternalError, host: string, failure: ExternalFailure): ExternalError =>
  new ExternalError({code: e.code, message: `${e.message} (host ${host})`, ...(e.hint ? {hint: e.hint} : {}), failure})

/** A task asked for a fact the runner did not gather. */
export const factNotGathered = (fact: string, name: string): BugError =>
  new BugError({
    code: 'FACT_NOT_GATHERED',
    message: `fact ${fact} (${name}) was requested by a task but not gathered`,
    hint: 'this is a kotadc bug: the runner must batch every request from task.facts(args); please report it',
  })

/** A fact command printed something its parser does not understand (an unusual host, or a changed tool). */
export const factOutputUnexpected = (fact: string, detail: string): ExternalError =>
  new ExternalError({
    code: 'FACT_OUTPUT_UNEXPECTED',
    message: `fact ${fact}: unexpected output ${detail}`,
    hint: 'check that the host runs a supported Debian release with GNU coreutils; run with --verbose to see the raw output',
  })

export const factCodes = defineCodes({
  FACT_OUTPUT_MISSING: {
    family: 'external',
    meaning: 'the batched fact script stopped before printing a fact',
    fix: 'run `kotadc hosts ping` to check the connection and that the login user can run `sudo -n true`',
  },
  FACT_OUTPUT_UNEXPECTED: {
    family: 'external',
    meaning: 'a fact command printed something its parser does not understand',
    fix: 'check that the host runs a supported Debian release; --verbose shows the raw output',
  },
  FACT_BATCH_TOKEN_INVALID: {
    family: 'bug',
    meaning: 'a fact batch was built with an unsafe marker token',
    fix: 'please report it with the command you ran',
  },
  FACT_NOT_GATHERED: {family: 'bug', meaning: 'a task read a fact the runner did not gather', fix: 'please report it with the command you ran'},
})
