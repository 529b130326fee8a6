import {databaseErrors} from '../../errors/databases.js'
import {tail} from '../../errors/text-tail.js'
import type {RemoteShell} from '../../exec/ssh/types.js'
import type {Host} from '../../inventory/model.js'
import type {Masker} from '../../inventory/secret-mask.js'
import type {Cmd} from '../../tasks/cmd.js'
import {displayCmd, renderCmd, stdinOf} from '../../tasks/cmd.js'

const TIMEOUT_MS = 5 * 60_000

/** Runs one command; a non-zero exit throws DB_COMMAND_FAILED with the masked command and stderr tail. */
export async function runDb(shell: RemoteShell, host: Host, step: string, c: Cmd, mask: Masker = (t) => t): Promise<string> {
  const stdin = stdinOf(c)
  const r = await shell.run(renderCmd(c), {timeoutMs: TIMEOUT_MS, ...(stdin === undefined ? {} : {stdin})})
  if (r.exitCode !== 0)
    throw databaseErrors.commandFailed(host.name, step, [mask(displayCmd(c))], r.exitCode, mask(tail(r.stderr || r.stdout, 10)), host.at)
  return r.stdout
}
