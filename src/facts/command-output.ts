import type {Cmd} from '../tasks/cmd.js'
import {defineFact} from './define.js'

/** What a check command printed and how it exited: the value a `register:` names. */
export interface CommandOutput {
  rc: number
  /** Standard output without its final newline. */
  stdout: string
}

/** A read-only command run while gathering facts (a `command` task with `check: true`); stderr is not kept. */
export const commandOutputFact = defineFact<{cmd: Cmd}, CommandOutput>({
  name: 'command-output',
  command: ({cmd}) => cmd,
  parse: (stdout, exitCode) => ({rc: exitCode, stdout: stdout.replace(/\n$/, '')}),
})
