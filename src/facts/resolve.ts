import {factNotGathered} from '../errors/facts.js'
import type {FactRequest, FactValue} from './define.js'

export type FactRequests = Readonly<Record<string, FactRequest<unknown>>>
export type FactValues<R extends FactRequests> = {[K in keyof R]: FactValue<R[K]>}

/** Give a task its facts by the names it asked for, from the parsed values of a batch (fact key → value). */
export function resolveFacts<R extends FactRequests>(requests: R, values: ReadonlyMap<string, unknown>): FactValues<R> {
  const out: Record<string, unknown> = {}
  for (const [name, req] of Object.entries(requests)) {
    if (!values.has(req.key)) {
      throw factNotGathered(req.name, name)
    }
    out[name] = values.get(req.key)
  }
  return out as FactValues<R>
}
