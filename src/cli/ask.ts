import {createInterface, type Interface} from 'node:readline/promises'
import type {Asker} from '../services/onboard/decide.js'

/**
 * Questions on a terminal (stderr), one readline for the whole session so answers typed quickly are not lost between
 * questions. `close()` before anything else reads stdin (the confirmation).
 */
export class TerminalAsker implements Asker {
  private rl: Interface | undefined

  constructor(private readonly paintDefault: (s: string) => string = (s) => s) {}

  async ask(question: string, shownDefault?: string): Promise<string> {
    this.rl ??= createInterface({input: process.stdin, output: process.stderr})
    const def = shownDefault === undefined ? '' : shownDefault === '' ? ' []' : ` [${this.paintDefault(shownDefault)}]`
    return this.rl.question(`${question}${def}: `)
  }

  refuse(message: string): void {
    process.stderr.write(`  ${message}\n`)
  }

  close(): void {
    this.rl?.close()
    this.rl = undefined
  }
}

/** A terminal to ask on, or undefined when stdin is not one (CI, pipes): then every value must be given or computed. */
export const terminalAsker = (paintDefault?: (s: string) => string): TerminalAsker | undefined =>
  process.stdin.isTTY ? new TerminalAsker(paintDefault) : undefined
