import {BugError} from '../errors/ops-error.js'
import type {FactRequest, FactValue} from './define.js'

export type FactRequests = Readonly<Record<string, FactRequest<unknown>>>
export type FactValues<R extends FactRequests> = {[K in keyof R]: FactValue<R[K]>}

/** Give a task its facts by the names it asked for, from the parsed values of a batch (fact key → value). */
export function resolveFacts<R extends FactRequests>(requests: R, values: ReadonlyMap<string, unknown>): FactValues<R> {
  const out: Record<string, unknown> = {}
  for (const [name, req] of Object.entries(requests)) {
    if (!values.has(req.key)) {
      throw new BugError({
        code: 'FACT_NOT_GATHERED',
        message: `fact ${req.name} (${name}) was requested by a task but not gathered`,
        hint: 'this is a kotadc bug: the runner must batch every request from task.facts(args); please report it',
      })
    }
    out[name] = values.get(req.key)
  }
  return out as FactValues<R>
}
