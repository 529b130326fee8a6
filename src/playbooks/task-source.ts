import type {SourceLocation} from '../errors/ops-error.js'
import {Secret} from '../inventory/secret.js'
import type {TaskType} from '../tasks/registry.js'
import type {Expr, TextPos} from './expr.js'
import {ExprError, hasExpr, parseCondition, parseList, parseText} from './expr.js'
import type {KnownNames, Reads} from './expr-check.js'
import {checkExpr, isLate, mergeReads, noReads} from './expr-check.js'
import type {PlaybookTask} from './model.js'

export type Path = (string | number)[]

/** A string inside a task's arguments that holds expressions, by its path below the arguments. */
export interface ArgExpr {
  at: Path
  expr: Expr
}

/**
 * A YAML task as written, before it meets a host: what its expressions read decides when it can be resolved
 * (before connecting, or after the first gathering when it reads facts or registered output).
 */
export interface TaskSource {
  /** ['tasks', 3] or ['handlers', 0]. */
  path: Path
  name: string
  nameExpr?: Expr
  type: TaskType
  /** Arguments as written (secrets resolved), rendered and validated per host. */
  rawArgs: unknown
  exprs: ArgExpr[]
  when?: Expr
  loop?: {items: unknown[]} | {expr: Expr}
  register?: string
  tags: string[]
  notify: string[]
  timeoutMs?: number
  at: SourceLocation
  reads: {args: Reads; when: Reads; loop: Reads}
  /** Set when nothing in the task depends on the host: its arguments were validated once, at parse time. */
  fixed?: PlaybookTask
}

/** Reports a problem inside a value, at a position of its text. */
export type Problem = (path: Path, text: string, pos: TextPos, code: string, message: string, hint: string) => void

/** Every string with expressions inside raw arguments; secrets are values, never expressions. */
function findExprs(raw: unknown, at: Path, out: {at: Path; text: string}[] = []): {at: Path; text: string}[] {
  if (typeof raw === 'string' && hasExpr(raw)) out.push({at, text: raw})
  else if (Array.isArray(raw)) raw.forEach((v, i) => findExprs(v, [...at, i], out))
  else if (raw !== null && typeof raw === 'object' && !(raw instanceof Secret))
    for (const [k, v] of Object.entries(raw)) findExprs(v, [...at, k], out)
  return out
}

const compile = (parse: (s: string) => Expr, path: Path, text: string, problem: Problem): Expr | undefined => {
  try {
    return parse(text)
  } catch (e) {
    if (!(e instanceof ExprError)) throw e
    problem(path, text, e.pos, 'PLAYBOOK_EXPRESSION_INVALID', e.message, 'fix the liquid syntax: {{ variable | filter }}, {% if … %}')
    return undefined
  }
}

export interface DynamicParts {
  argsPath: Path
  rawArgs: unknown
  name: string
  when: unknown
  loop: unknown
}

/**
 * Parses and checks a task's expressions (arguments, name, when, loop) against the names the playbook defines.
 * Returns what the task reads, or undefined when a part is malformed (already reported).
 */
export function compileDynamic(
  parts: DynamicParts,
  path: Path,
  known: KnownNames,
  problem: Problem,
): Pick<TaskSource, 'exprs' | 'nameExpr' | 'when' | 'loop' | 'reads'> | undefined {
  let ok = true
  const check = (e: Expr | undefined, at: Path, text: string, k: KnownNames = known): Reads => {
    if (!e) {
      ok = false
      return noReads()
    }
    return checkExpr(e, k, (pos, code, message, hint) => {
      ok = false
      problem(at, text, pos, code, message, hint)
    })
  }
  const withItem = {...known, item: parts.loop !== undefined}
  const exprs: ArgExpr[] = []
  const argReads: Reads[] = []
  for (const {at, text} of findExprs(parts.rawArgs, [])) {
    const e = compile(parseText, [...parts.argsPath, ...at], text, problem)
    argReads.push(check(e, [...parts.argsPath, ...at], text, withItem))
    if (e) exprs.push({at, expr: e})
  }
  let nameExpr: Expr | undefined
  if (hasExpr(parts.name)) {
    nameExpr = compile(parseText, [...path, 'name'], parts.name, problem)
    argReads.push(check(nameExpr, [...path, 'name'], parts.name, withItem))
  }
  let when: Expr | undefined
  let whenReads = noReads()
  if (parts.when !== undefined) {
    const text = typeof parts.when === 'boolean' ? String(parts.when) : parts.when
    if (typeof text !== 'string' || text.trim() === '') {
      problem([...path, 'when'], '', {row: 1, col: 1}, 'PLAYBOOK_INVALID_VALUE', 'expected a condition', 'write when: facts.os.id == "debian"')
      ok = false
    } else {
      when = compile(parseCondition, [...path, 'when'], text, problem)
      whenReads = check(when, [...path, 'when'], text, withItem)
    }
  }
  let loop: TaskSource['loop']
  let loopReads = noReads()
  if (parts.loop !== undefined) {
    if (Array.isArray(parts.loop)) loop = {items: parts.loop}
    else if (typeof parts.loop === 'string' && parts.loop.trim() !== '') {
      const e = compile(parseList, [...path, 'loop'], parts.loop, problem)
      loopReads = check(e, [...path, 'loop'], parts.loop)
      if (e) loop = {expr: e}
    } else {
      problem(
        [...path, 'loop'],
        '',
        {row: 1, col: 1},
        'PLAYBOOK_INVALID_VALUE',
        'expected a list or an expression',
        'write loop: [a, b] or loop: workloads',
      )
      ok = false
    }
  }
  if (!ok) return undefined
  return {
    exprs,
    ...(nameExpr ? {nameExpr} : {}),
    ...(when ? {when} : {}),
    ...(loop ? {loop} : {}),
    reads: {args: mergeReads(...argReads), when: whenReads, loop: loopReads},
  }
}

/** True when the task must wait for the first gathering before its arguments (or items) are known. */
export const argsLate = (s: TaskSource): boolean => isLate(s.reads.args) || isLate(s.reads.loop)
