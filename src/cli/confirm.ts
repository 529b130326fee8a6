import {createInterface} from 'node:readline/promises'
import {cliErrors} from '../errors/cli.js'

/** Mutating commands: `--yes` proceeds; otherwise ask on a terminal (on stderr), and refuse without one. */
export const confirmer = (what: string, yes: boolean) => async (question: string): Promise<void> => {
  if (yes) return
  if (!process.stdin.isTTY) throw cliErrors.confirmationRequired(what)
  const rl = createInterface({input: process.stdin, output: process.stderr})
  try {
    const answer = await rl.question(`${question} [y/N] `)
    if (!/^y(es)?$/i.test(answer.trim())) throw cliErrors.declined(what)
  } finally {
    rl.close()
  }
}
