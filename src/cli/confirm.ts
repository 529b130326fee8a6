import {createInterface} from 'node:readline/promises'
import {cliErrors} from '../errors/cli.js'
import {vmErrors} from '../errors/vms.js'

/**
 * Mutating commands: `--yes` proceeds; otherwise ask on a terminal (on stderr), and refuse without one. `preview` is
 * the command that shows what this one would do (`kotadc plan` for deploy), for commands that have one.
 */
export const confirmer =
  (what: string, yes: boolean, preview?: string) =>
  async (question: string): Promise<void> => {
    if (yes) return
    if (!process.stdin.isTTY) throw cliErrors.confirmationRequired(what, preview)
    const rl = createInterface({input: process.stdin, output: process.stderr})
    try {
      const answer = await rl.question(`${question} [y/N] `)
      if (!/^y(es)?$/i.test(answer.trim())) throw cliErrors.declined(what)
    } finally {
      rl.close()
    }
  }

/**
 * For what cannot be undone (`vm destroy`): on a terminal the name must be typed in full; without one, `--yes` and
 * `--confirm NAME` (the same name) are both needed.
 */
export const typedNameConfirmer =
  (name: string, yes: boolean, confirmed: string | undefined) =>
  async (question: string): Promise<void> => {
    if (yes && confirmed === name) return
    if (yes || confirmed !== undefined || !process.stdin.isTTY) throw vmErrors.destroyUnconfirmed(name)
    const rl = createInterface({input: process.stdin, output: process.stderr})
    try {
      const answer = await rl.question(`${question}\ntype the name (${name}) to confirm: `)
      if (answer.trim() !== name) throw vmErrors.destroyUnconfirmed(name)
    } finally {
      rl.close()
    }
  }
