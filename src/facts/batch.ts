import type {Cmd} from '../tasks/cmd.js'
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
  const parts = requests.flatMap((f, i) => [
    cmd('echo', marker(token, 'begin', i)),
    f.command,
    // The leading newline ends a fact output that lacks one; split() strips it again.
    raw(`printf '\\n${marker(token, 'end', i)} %s\\n' "$?"`),
  ])
  const split = (stdout: string): Map<string, FactOutput> => {
    const out = new Map<string, FactOutput>()
    requests.forEach((f, i) => {
      const begin = `${marker(token, 'begin', i)}\n`
      const start = stdout.indexOf(begin)
      const endRe = new RegExp(`\\n${marker(token, 'end', i)} (\\d+)\\n`, 'g')
      endRe.lastIndex = start < 0 ? 0 : start + begin.length
      const end = start < 0 ? null : endRe.exec(stdout)
      if (start < 0 || end === null) throw factOutputMissing(f.name)
      out.set(f.key, {stdout: stdout.slice(start + begin.length, end.index), exitCode: Number(end[1])})
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
  return {cmd: seq(...parts), requests, split, parse}
}
