import type {Cmd} from '../tasks/cmd.js'
import {defineFact} from './define.js'

/** Whether a command exits 0 on the host (the `unless` guard of the command task). Output is discarded. */
export const commandSucceedsFact = defineFact<{cmd: Cmd}, boolean>({
  name: 'command-succeeds',
  command: ({cmd}) => cmd,
  parse: (_stdout, exitCode) => exitCode === 0,
  // Only success counts, so a guard that prints a timestamp still holds when re-checked.
  recheck: ({cmd}) => ({
    command: cmd,
    expected: (_stdout, exitCode) => ` ${exitCode}`,
    test: (_stdout, exitCode) => ({cmd, succeeds: exitCode === 0}),
  }),
})
