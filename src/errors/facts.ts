import {BugError, ExternalError} from './ops-error.js'

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

/** A fact command printed something its parser does not understand (an unusual host, or a changed tool). */
export const factOutputUnexpected = (fact: string, detail: string): ExternalError =>
  new ExternalError({
    code: 'FACT_OUTPUT_UNEXPECTED',
    message: `fact ${fact}: unexpected output ${detail}`,
    hint: 'check that the host runs a supported Debian release with GNU coreutils; run with --verbose to see the raw output',
  })
