import {factOnHost} from '../../errors/facts.js'
import {ExternalError} from '../../errors/ops-error.js'
import {batchFacts, type FactOutput} from '../../facts/batch.js'
import type {FactRequest} from '../../facts/define.js'
import {renderCmd, withoutSudo} from '../../tasks/cmd.js'
import {tail} from '../../errors/text-tail.js'
import type {CmdResult, RemoteShell} from '../ssh/types.js'

/** Gathers every requested fact of one host in one round trip (none at all when nothing is requested). */
export async function gatherFacts(
  shell: RemoteShell,
  requests: readonly FactRequest<unknown>[],
  token: string,
  timeoutMs: number,
  asRoot = false,
): Promise<Map<string, unknown>> {
  return parseOutputs(requests, await gatherOutputs(shell, requests, token, timeoutMs, asRoot), shell.host)
}

/** Gathers the raw output of every requested fact in one round trip, for runs that re-check facts before applying. */
export async function gatherOutputs(
  shell: RemoteShell,
  requests: readonly FactRequest<unknown>[],
  token: string,
  timeoutMs: number,
  asRoot = false,
): Promise<Map<string, FactOutput>> {
  if (requests.length === 0) return new Map()
  const batch = batchFacts(requests, token)
  const r = await shell.run(renderCmd(asRoot ? withoutSudo(batch.cmd) : batch.cmd), {timeoutMs})
  return onHost(r, shell.host, () => batch.split(r.stdout))
}

/** Parses gathered outputs into fact values by key; a parser's complaint names the host. */
export function parseOutputs(
  requests: readonly FactRequest<unknown>[],
  outputs: ReadonlyMap<string, FactOutput>,
  host: string,
): Map<string, unknown> {
  const values = new Map<string, unknown>()
  for (const f of requests) {
    const o = outputs.get(f.key)
    if (o === undefined || values.has(f.key)) continue
    values.set(
      f.key,
      onHost({exitCode: o.exitCode, signal: null, stdout: o.stdout, stderr: ''}, host, () => f.parse(o.stdout, o.exitCode)),
    )
  }
  return values
}

function onHost<T>(r: CmdResult, host: string, fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    if (!(e instanceof ExternalError)) throw e
    throw factOnHost(e, host, {argv: ['(batched fact gathering)'], exitCode: r.exitCode, signal: r.signal, stderrTail: tail(r.stderr, 10)})
  }
}
