import {factOnHost} from '../../errors/facts.js'
import {ExternalError} from '../../errors/ops-error.js'
import {batchFacts, type FactBatch} from '../../facts/batch.js'
import type {FactRequest} from '../../facts/define.js'
import {type Cmd, renderCmd, withoutSudo} from '../../tasks/cmd.js'
import {tail} from '../../errors/text-tail.js'
import type {CmdResult, RemoteShell} from '../ssh/types.js'

/** A fact batch ready to send: the command (sudo left out for a root login) and how to read its output. */
export interface PreparedGather {
  cmd: Cmd
  read(r: CmdResult, host: string): Map<string, unknown>
}

export function prepareGather(requests: readonly FactRequest<unknown>[], token: string, asRoot = false): PreparedGather {
  const batch = batchFacts(requests, token)
  return {cmd: asRoot ? withoutSudo(batch.cmd) : batch.cmd, read: (r, host) => readBatch(batch, r, host)}
}

/** Gathers every requested fact of one host in one round trip (none at all when nothing is requested). */
export async function gatherFacts(
  shell: RemoteShell,
  requests: readonly FactRequest<unknown>[],
  token: string,
  timeoutMs: number,
  asRoot = false,
): Promise<Map<string, unknown>> {
  if (requests.length === 0) return new Map()
  const g = prepareGather(requests, token, asRoot)
  return g.read(await shell.run(renderCmd(g.cmd), {timeoutMs}), shell.host)
}

function readBatch(batch: FactBatch, r: CmdResult, host: string): Map<string, unknown> {
  try {
    return batch.parse(r.stdout)
  } catch (e) {
    if (!(e instanceof ExternalError)) throw e
    throw factOnHost(e, host, {argv: ['(batched fact gathering)'], exitCode: r.exitCode, signal: r.signal, stderrTail: tail(r.stderr, 10)})
  }
}
