import {ExternalError, isOpsError} from '../../errors/ops-error.js'
import {batchFacts} from '../../facts/batch.js'
import type {FactRequest} from '../../facts/define.js'
import {renderCmd} from '../../tasks/cmd.js'
import {tail} from '../local.js'
import type {RemoteShell} from '../ssh/types.js'

/** Gathers every requested fact of one host in one round trip (none at all when nothing is requested). */
export async function gatherFacts(shell: RemoteShell, requests: readonly FactRequest<unknown>[], token: string, timeoutMs: number): Promise<Map<string, unknown>> {
  if (requests.length === 0) return new Map()
  const batch = batchFacts(requests, token)
  const r = await shell.run(renderCmd(batch.cmd), {timeoutMs})
  try {
    return batch.parse(r.stdout)
  } catch (e) {
    if (!isOpsError(e)) throw e
    throw new ExternalError({
      code: e.code,
      message: `${e.message} (host ${shell.host})`,
      ...(e.hint ? {hint: e.hint} : {}),
      failure: {argv: ['(batched fact gathering)'], exitCode: r.exitCode, signal: r.signal, stderrTail: tail(r.stderr, 10)},
    })
  }
}
