import {createInterface} from 'node:readline/promises'
import {labError} from './errors.js'

/**
 * The mutating-command convention (STYLE.md section 2): `--yes` proceeds; otherwise ask on a terminal, and refuse
 * when there is none to ask on. Asks on stderr so stdout stays the result.
 */
export async function confirmOrRefuse(what: string, yes: boolean, question: string): Promise<void> {
  if (yes) return
  if (!process.stdin.isTTY) throw labError.confirmationRequired(what)
  const rl = createInterface({input: process.stdin, output: process.stderr})
  try {
    const answer = await rl.question(`${question} [y/N] `)
    if (!/^y(es)?$/i.test(answer.trim())) throw labError.declined(what)
  } finally {
    rl.close()
  }
}
