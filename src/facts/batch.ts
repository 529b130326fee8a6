import type {Cmd, ListCmd} from '../tasks/cmd.js'
import {cmd, raw, seq} from '../tasks/cmd.js'
import type {FactRequest} from './define.js'
import {badBatchToken, factOutputMissing} from '../errors/facts.js'

/** Raw output of one fact inside a batch. */
export interface FactOutput {
  stdout: string
  exitCode: number
}

/** All facts of one host gathered by one command (one SSH round trip). */
export interface FactBatch {
  readonly cmd: Cmd
  /** The distinct requests, in first-seen order. */
  readonly requests: readonly FactRequest<unknown>[]
  /** Cut the batch's stdout into each fact's own output, by fact key. */
  split(stdout: string): Map<string, FactOutput>
  /** split, then parse: fact key → parsed value. */
  parse(stdout: string): Map<string, unknown>
  /** Request i's own framed command, for scripts that gather only some of the batch (runner/apply-script.ts). */
  framed(i: number): ListCmd
  /** Like split, for the requests whose output is present; missing ones are left out, not an error. */
  splitPresent(stdout: string): Map<string, FactOutput>
}

const marker = (token: string, what: 'begin' | 'end', i: number): string => `@@kotadc-${token} ${what} ${i}`

/**
 * Combine fact requests into one shell command. Each fact is framed by marker lines carrying `token`
 * (unguessable, from the runner), so fact output cannot forge a boundary. Identical requests run once.
 */
export function batchFacts(facts: readonly FactRequest<unknown>[], token: string): FactBatch {
  if (!/^[A-Za-z0-9]{6,64}$/.test(token)) throw badBatchToken(token)
  const byKey = new Map<string, FactRequest<unknown>>()
  for (const f of facts) if (!byKey.has(f.key)) byKey.set(f.key, f)
  const requests = [...byKey.values()]
  const framed = (i: number): ListCmd =>
    seq(
      cmd('echo', marker(token, 'begin', i)),
      (requests[i] as FactRequest<unknown>).command,
      // The leading newline ends a fact output that lacks one; split() strips it again.
      raw(`printf '\\n${marker(token, 'end', i)} %s\\n' "$?"`),
    )
  const find = (stdout: string, i: number): FactOutput | undefined => {
    const begin = `${marker(token, 'begin', i)}\n`
    const start = stdout.indexOf(begin)
    if (start < 0) return undefined
    const endRe = new RegExp(`\\n${marker(token, 'end', i)} (\\d+)\\n`, 'g')
    endRe.lastIndex = start + begin.length
    const end = endRe.exec(stdout)
    return end === null ? undefined : {stdout: stdout.slice(start + begin.length, end.index), exitCode: Number(end[1])}
  }
  const split = (stdout: string): Map<string, FactOutput> => {
    const out = new Map<string, FactOutput>()
    requests.forEach((f, i) => {
      const o = find(stdout, i)
      if (o === undefined) throw factOutputMissing(f.name)
      out.set(f.key, o)
    })
    return out
  }
  const parse = (stdout: string): Map<string, unknown> => {
    const outputs = split(stdout)
    return new Map(
      requests.map((f) => {
        const o = outputs.get(f.key) as FactOutput
        return [f.key, f.parse(o.stdout, o.exitCode)]
      }),
    )
  }
  const splitPresent = (stdout: string): Map<string, FactOutput> => {
    const out = new Map<string, FactOutput>()
    requests.forEach((f, i) => {
      const o = find(stdout, i)
      if (o !== undefined) out.set(f.key, o)
    })
    return out
  }
  return {cmd: seq(...requests.flatMap((_, i) => framed(i).parts)), requests, split, parse, framed, splitPresent}
}
