import {didYouMean, suggest} from '../errors/did-you-mean.js'
import {Secret} from '../inventory/secret.js'
import type {Expr, TextPos} from './expr.js'
import {variablesOf} from './expr.js'
import {HOST_FACT_NAMES} from './host-facts.js'
import {HOST_FIELDS, SITE_FIELDS} from './variables.js'

/** Names every expression scope has; playbook vars and registered names may not reuse them. */
export const SCOPE_ROOTS = ['host', 'site', 'workloads', 'facts', 'item'] as const

/** What a task's expressions may read, known when the playbook is parsed. */
export interface KnownNames {
  vars: Readonly<Record<string, unknown>>
  /** Names registered by earlier tasks. */
  registered: ReadonlySet<string>
  /** Names registered by this or later tasks (for the hint). */
  laterRegistered: ReadonlySet<string>
  /** Inside a task with loop:. */
  item: boolean
}

/** Which host facts and registered outputs an expression reads: those make a task wait for the first gathering. */
export interface Reads {
  facts: Set<string>
  registered: Set<string>
}

export const noReads = (): Reads => ({facts: new Set(), registered: new Set()})
export const isLate = (r: Reads): boolean => r.facts.size > 0 || r.registered.size > 0
export const mergeReads = (...rs: Reads[]): Reads => ({
  facts: new Set(rs.flatMap((r) => [...r.facts])),
  registered: new Set(rs.flatMap((r) => [...r.registered])),
})

export type ExprProblem = (pos: TextPos, code: 'PLAYBOOK_UNKNOWN_VARIABLE' | 'PLAYBOOK_SECRET_IN_EXPRESSION', message: string, hint: string) => void

const hasSecret = (v: unknown): boolean =>
  v instanceof Secret || (Array.isArray(v) ? v.some(hasSecret) : v !== null && typeof v === 'object' ? Object.values(v).some(hasSecret) : false)

/**
 * Checks every variable an expression reads against the names the playbook defines, before any host is contacted:
 * unknown roots, unknown fields of `host`/`site`, unknown facts and secret vars are reported at their position.
 */
export function checkExpr(e: Expr, known: KnownNames, problem: ExprProblem): Reads {
  const reads = noReads()
  const roots = [...SCOPE_ROOTS.filter((r) => r !== 'item' || known.item), ...Object.keys(known.vars), ...known.registered]
  for (const ref of variablesOf(e)) {
    const [root, field] = ref.segments
    const name = ref.segments.join('.')
    const sub = (allowed: readonly string[], what: string): void => {
      if (typeof field === 'string' && !allowed.includes(field))
        problem(
          ref,
          'PLAYBOOK_UNKNOWN_VARIABLE',
          `unknown variable ${name}`,
          `${didYouMean(suggest(field, allowed))}${what} has ${allowed.join(', ')}`,
        )
    }
    if (root === 'host') sub(HOST_FIELDS, 'host')
    else if (root === 'site') sub(SITE_FIELDS, 'site')
    else if (root === 'workloads' || (root === 'item' && known.item)) continue
    else if (root === 'facts') {
      if (typeof field === 'string' && HOST_FACT_NAMES.includes(field)) reads.facts.add(field)
      else
        problem(
          ref,
          'PLAYBOOK_UNKNOWN_VARIABLE',
          field === undefined ? 'facts must be read by name' : `unknown fact ${name}`,
          `${typeof field === 'string' ? didYouMean(suggest(field, HOST_FACT_NAMES)) : ''}facts are ${HOST_FACT_NAMES.map((f) => `facts.${f}`).join(', ')}`,
        )
    } else if (typeof root === 'string' && known.registered.has(root)) reads.registered.add(root)
    else if (typeof root === 'string' && Object.hasOwn(known.vars, root)) {
      if (hasSecret(known.vars[root]))
        problem(
          ref,
          'PLAYBOOK_SECRET_IN_EXPRESSION',
          `${root} holds a !secret, which expressions cannot read`,
          'write !secret NAME as the whole argument value, or pass the var to a template task',
        )
    } else {
      const hint =
        typeof root === 'string' && known.laterRegistered.has(root)
          ? `${root} is registered by a later task: move that task before this one`
          : root === 'item'
            ? 'item exists only in a task with loop:'
            : `${didYouMean(suggest(String(root), roots))}variables: ${roots.join(', ')}`
      problem(ref, 'PLAYBOOK_UNKNOWN_VARIABLE', `unknown variable ${name}`, hint)
    }
  }
  return reads
}
