import {playbookIssue, type PlaybookIssue} from '../errors/playbook.js'
import type {SourceLocation} from '../errors/ops-error.js'
import {formatPath} from '../inventory/locate.js'
import {Secret} from '../inventory/secret.js'
import {parseTaskArgs, TASK_TYPES} from '../tasks/registry.js'
import type {Expr, TextPos} from './expr.js'
import {evaluate, ExprError} from './expr.js'
import type {PlaybookTask} from './model.js'
import type {Path, TaskSource} from './task-source.js'

/** Maps a path (and a position inside its string) to file:line:col. */
export interface Locator {
  file: string
  node(path: Path): SourceLocation
  inValue(path: Path, text: string, pos: TextPos): SourceLocation
}

/** One host's resolution of a task: where problems go and which host they are about. */
export interface Resolution {
  host: string
  locator: Locator
  issues: PlaybookIssue[]
}

const fail = (r: Resolution, path: Path, e: unknown, text: string): undefined => {
  if (!(e instanceof ExprError)) throw e
  r.issues.push(
    playbookIssue(
      'PLAYBOOK_EXPRESSION_FAILED',
      `${formatPath(path)}: ${e.message} (for host ${r.host})`,
      `define it for ${r.host} (hosts.yaml vars) or give a default: {{ … | default: "…" }}`,
      r.locator.inValue(path, text, e.pos),
    ),
  )
  return undefined
}

/** Evaluates an expression of the task at `path`; a failure is recorded as an issue and gives undefined. */
export function evalAt(r: Resolution, path: Path, e: Expr, scope: Record<string, unknown>): {value: unknown} | undefined {
  try {
    return {value: evaluate(e, scope)}
  } catch (err) {
    return fail(r, path, err, e.source)
  }
}

const label = (item: unknown, i: number): string => {
  if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return String(item)
  const name = item !== null && typeof item === 'object' ? (item as {name?: unknown}).name : undefined
  return typeof name === 'string' || typeof name === 'number' ? String(name) : `#${i + 1}`
}

const setIn = (root: unknown, at: Path, value: unknown): unknown => {
  if (at.length === 0) return value
  const [head, ...rest] = at as [string | number, ...Path]
  if (Array.isArray(root)) return root.map((v, i) => (i === head ? setIn(v, rest, value) : v))
  const copy = {...(root as Record<string, unknown>)}
  copy[head] = setIn(copy[head], rest, value)
  return copy
}

/** A task the run shows as skipped, with why; it gathers and runs nothing. */
export const skippedTask = (s: TaskSource, reason: string, name = s.name): PlaybookTask => ({
  name,
  type: s.type,
  task: TASK_TYPES[s.type],
  args: undefined,
  tags: s.tags,
  notify: s.notify,
  at: s.at,
  skipped: reason,
})

/** The loop's items for this host, or undefined when the loop expression failed (reported). */
export function loopItems(s: TaskSource, scope: Record<string, unknown>, r: Resolution): unknown[] | undefined {
  if (!s.loop) return [undefined]
  if ('items' in s.loop) return s.loop.items
  const got = evalAt(r, [...s.path, 'loop'], s.loop.expr, scope)
  if (!got) return undefined
  if (Array.isArray(got.value)) return got.value
  r.issues.push(
    playbookIssue(
      'PLAYBOOK_EXPRESSION_FAILED',
      `${formatPath([...s.path, 'loop'])}: gives ${got.value instanceof Secret ? 'a secret' : JSON.stringify(got.value)}, not a list (for host ${r.host})`,
      'loop over a list: a YAML list, workloads, or a list in host vars',
      r.locator.node([...s.path, 'loop']),
    ),
  )
  return undefined
}

/**
 * The task's concrete tasks for one host and scope: one per loop item (with `item` in scope), arguments rendered
 * and then validated by the task type. Problems are recorded in `r`; tasks that fail are left out.
 */
export function renderTask(s: TaskSource, scope: Record<string, unknown>, r: Resolution): PlaybookTask[] {
  if (s.fixed) return [s.fixed]
  const items = loopItems(s, scope, r)
  if (!items) return []
  if (items.length === 0) return [skippedTask(s, 'loop has no items')]
  const argsPath = [...s.path, s.type]
  return items.flatMap((item, i) => {
    const sc = s.loop ? {...scope, item} : scope
    let args = s.rawArgs
    let ok = true
    for (const {at, expr} of s.exprs) {
      const got = evalAt(r, [...argsPath, ...at], expr, sc)
      if (got) args = setIn(args, at, got.value)
      else ok = false
    }
    // A template file sees the loop's item among its vars.
    if (s.loop && s.type === 'template' && args !== null && typeof args === 'object')
      args = {...args, vars: {...((args as {vars?: object}).vars ?? {}), item}}
    let name = s.loop ? `${s.name} (${label(item, i)})` : s.name
    if (s.nameExpr) {
      const got = evalAt(r, [...s.path, 'name'], s.nameExpr, sc)
      if (got) name = String(got.value)
      else ok = false
    }
    if (!ok) return []
    const parsed = parseTaskArgs(s.type, args, argsPath)
    if (!parsed.ok) {
      for (const issue of parsed.issues)
        r.issues.push(
          playbookIssue(
            issue.code,
            `${issue.message}${s.exprs.length > 0 || s.loop ? ` (for host ${r.host}${s.loop ? `, item ${label(item, i)}` : ''})` : ''}`,
            issue.hint,
            r.locator.node([...issue.path]),
          ),
        )
      return []
    }
    const task: PlaybookTask = {
      name,
      type: parsed.value.type,
      task: parsed.value.task,
      args: parsed.value.args,
      tags: s.tags,
      notify: s.notify,
      at: s.at,
      ...(s.timeoutMs === undefined ? {} : {timeoutMs: s.timeoutMs}),
      ...(s.register === undefined ? {} : {register: s.register}),
    }
    return [task]
  })
}
