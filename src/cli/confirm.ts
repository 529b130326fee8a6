import {createInterface} from 'node:readline/promises'
import {UserError} from '../errors/ops-error.js'

export const confirmErrors = {
  required: (what: string) =>
    new UserError({code: 'CONFIRMATION_REQUIRED', message: `${what} needs confirmation, and there is no terminal to ask on`, hint: 'rerun with --yes (env KOTADC_YES=true), or try it first with --check'}),
  declined: (what: string) => new UserError({code: 'DECLINED', message: `${what} cancelled: not confirmed`, hint: 'answer "y" to proceed, or pass --yes'}),
}

/** Mutating commands: `--yes` proceeds; otherwise ask on a terminal (on stderr), and refuse without one. */
export const confirmer = (what: string, yes: boolean) => async (question: string): Promise<void> => {
  if (yes) return
  if (!process.stdin.isTTY) throw confirmErrors.required(what)
  const rl = createInterface({input: process.stdin, output: process.stderr})
  try {
    const answer = await rl.question(`${question} [y/N] `)
    if (!/^y(es)?$/i.test(answer.trim())) throw confirmErrors.declined(what)
  } finally {
    rl.close()
  }
}
