import type {Cmd, ListCmd} from '../tasks/cmd.js'
import {cmd, raw, seq} from '../tasks/cmd.js'
import type {FactGroup, FactOutput, FactRequest} from './define.js'
import {badBatchToken, factOutputMissing} from '../errors/facts.js'

export type {FactOutput} from './define.js'

/** One command of a batch: a single request, or every request of one group. */
export interface FactUnit {
  /** `3` for a single request, `g0` for a group: what its frame markers carry. */
  readonly id: string
  /** The unit's command between its frame markers. */
  readonly cmd: ListCmd
}

/** All facts of one host gathered by one command (one SSH round trip). */
export interface FactBatch {
  readonly cmd: Cmd
  /** The distinct requests, in first-seen order. */
  readonly requests: readonly FactRequest<unknown>[]
  /** The batch's commands in order; scripts that gather only some facts call some of them (runner/apply-script.ts). */
  readonly units: readonly FactUnit[]
  /** The id of the unit that gathers the request with this key. */
  unitOf(key: string): string
  /** Cut the batch's stdout into each fact's own output, by fact key. */
  split(stdout: string): Map<string, FactOutput>
  /** split, then parse: fact key → parsed value. */
  parse(stdout: string): Map<string, unknown>
  /** Like split, for the requests whose output is present; missing ones are left out, not an error. */
  splitPresent(stdout: string): Map<string, FactOutput>
}

const marker = (token: string, what: 'begin' | 'end', id: string): string => `@@kotadc-${token} ${what} ${id}`

interface Unit extends FactUnit {
  /** Requests this unit gathers, in member order. */
  readonly members: FactRequest<unknown>[]
  readonly group?: FactGroup
}

/**
 * Combine fact requests into one shell command. Each unit is framed by marker lines carrying `token` (unguessable,
 * from the runner), so fact output cannot forge a boundary. Identical requests run once; requests of one group run
 * as one command, placed where the group's first member was asked for.
 */
export function batchFacts(facts: readonly FactRequest<unknown>[], token: string): FactBatch {
  if (!/^[A-Za-z0-9]{6,64}$/.test(token)) throw badBatchToken(token)
  const byKey = new Map<string, FactRequest<unknown>>()
  for (const f of facts) if (!byKey.has(f.key)) byKey.set(f.key, f)
  const requests = [...byKey.values()]
  const units = unitsOf(requests, token)
  const unitByKey = new Map(units.flatMap((u) => u.members.map((m) => [m.key, u] as const)))

  const find = (stdout: string, id: string): FactOutput | undefined => {
    const begin = `${marker(token, 'begin', id)}\n`
    const start = stdout.indexOf(begin)
    if (start < 0) return undefined
    const endRe = new RegExp(`\\n${marker(token, 'end', id)} (\\d+)\\n`, 'g')
    endRe.lastIndex = start + begin.length
    const end = endRe.exec(stdout)
    return end === null ? undefined : {stdout: stdout.slice(start + begin.length, end.index), exitCode: Number(end[1])}
  }
  const outputsOf = (u: Unit, o: FactOutput): FactOutput[] =>
    u.group
      ? u.group.split(
          o.stdout,
          o.exitCode,
          u.members.map((m) => m.group?.member),
        )
      : [o]
  const collect = (stdout: string, missing: (f: FactRequest<unknown>) => void): Map<string, FactOutput> => {
    const out = new Map<string, FactOutput>()
    for (const u of units) {
      const o = find(stdout, u.id)
      if (o === undefined) {
        missing(u.members[0] as FactRequest<unknown>)
        continue
      }
      outputsOf(u, o).forEach((mo, i) => out.set((u.members[i] as FactRequest<unknown>).key, mo))
    }
    return out
  }
  const split = (stdout: string): Map<string, FactOutput> =>
    collect(stdout, (f) => {
      throw factOutputMissing(f.name)
    })
  const parse = (stdout: string): Map<string, unknown> => {
    const outputs = split(stdout)
    return new Map(
      requests.map((f) => {
        const o = outputs.get(f.key) as FactOutput
        return [f.key, f.parse(o.stdout, o.exitCode)]
      }),
    )
  }
  return {
    cmd: seq(...units.flatMap((u) => u.cmd.parts)),
    requests,
    units,
    unitOf: (key) => (unitByKey.get(key) as Unit).id,
    split,
    parse,
    splitPresent: (stdout) => collect(stdout, () => undefined),
  }
}

function unitsOf(requests: readonly FactRequest<unknown>[], token: string): Unit[] {
  const framed = (id: string, command: Cmd): ListCmd =>
    seq(
      cmd('echo', marker(token, 'begin', id)),
      command,
      // The leading newline ends a fact output that lacks one; split() strips it again.
      raw(`printf '\\n${marker(token, 'end', id)} %s\\n' "$?"`),
    )
  const units: {id: string; members: FactRequest<unknown>[]; group?: FactGroup}[] = []
  const groups = new Map<string, (typeof units)[number]>()
  requests.forEach((f, i) => {
    const g = f.group?.group
    if (!g) return void units.push({id: String(i), members: [f]})
    const known = groups.get(g.id)
    if (known) return void known.members.push(f)
    const unit = {id: `g${groups.size}`, members: [f], group: g}
    groups.set(g.id, unit)
    units.push(unit)
  })
  return units.map((u) => ({
    ...u,
    cmd: framed(u.id, u.group ? u.group.command(u.members.map((m) => m.group?.member)) : (u.members[0] as FactRequest<unknown>).command),
  }))
}
