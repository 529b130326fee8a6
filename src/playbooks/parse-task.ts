import type {ErrorCodeOf, IssueCodeOf} from '../errors/catalog.js'
import type {SourceLocation} from '../errors/ops-error.js'
import {didYouMean, suggest} from '../errors/did-you-mean.js'
import {parseTaskArgs, TASK_TYPES, type TaskType} from '../tasks/registry.js'
import type {KnownNames} from './expr-check.js'
import {isLate, SCOPE_ROOTS} from './expr-check.js'
import type {Path, Problem, TaskSource} from './task-source.js'
import {argsLate, compileDynamic} from './task-source.js'

export const TASK_META = ['name', 'tags', 'notify', 'timeout', 'when', 'loop', 'register']
const TYPES = Object.keys(TASK_TYPES)
const LABEL = /^[a-z0-9][a-z0-9_.-]*$/i
const REGISTER = /^[a-z_][a-z0-9_]*$/i

export type PlaybookIssueCode = IssueCodeOf<'PLAYBOOK_INVALID'> | ErrorCodeOf<'user'>
export type Add = (code: PlaybookIssueCode, path: Path, message: string, hint: string, key?: boolean) => void

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v])

function stringList(v: unknown, path: Path, what: string, add: Add): string[] {
  const out: string[] = []
  asList(v).forEach((x, i) => {
    if (typeof x === 'string' && LABEL.test(x)) out.push(x)
    else if (typeof x === 'string' && what === 'handler name' && x.trim() !== '') out.push(x)
    else
      add(
        'PLAYBOOK_INVALID_VALUE',
        Array.isArray(v) ? [...path, i] : path,
        `expected a ${what}, got ${JSON.stringify(x)}`,
        `write ${what}s as a list of words, e.g. [web, tls]`,
      )
  })
  return out
}

export interface EntryContext {
  handler: boolean
  add: Add
  problem: Problem
  at: SourceLocation
  known: KnownNames
}

function parseRegister(entry: Record<string, unknown>, path: Path, type: string, known: KnownNames, add: Add): string | undefined {
  const name = entry.register
  const at = [...path, 'register']
  if (typeof name !== 'string' || !REGISTER.test(name)) {
    add('PLAYBOOK_INVALID_VALUE', at, `expected a variable name, got ${JSON.stringify(name)}`, 'write register: letters, digits and _')
    return undefined
  }
  const args = entry[type]
  if (type !== 'command' || !isPlainObject(args) || args.check !== true) {
    add(
      'PLAYBOOK_REGISTER_INVALID',
      at,
      `register: ${name} needs a command with check: true`,
      'a check command is read-only and runs while facts are gathered, so its output is known when the run is planned',
    )
    return undefined
  }
  if (entry.loop !== undefined) add('PLAYBOOK_REGISTER_INVALID', at, 'register: cannot be used with loop:', 'register one check command per task')
  if ((SCOPE_ROOTS as readonly string[]).includes(name) || Object.hasOwn(known.vars, name) || known.registered.has(name))
    add('PLAYBOOK_REGISTER_INVALID', at, `register: ${name} is already a variable name`, 'choose a name no var, scope name or earlier register uses')
  return name
}

/** One task or handler entry → its source form, every problem reported through `add`/`problem`. */
export function parseEntry(entry: unknown, path: Path, c: EntryContext): TaskSource | undefined {
  const {add} = c
  if (!isPlainObject(entry)) {
    add(
      'PLAYBOOK_INVALID_TASK',
      path,
      'expected a task: a mapping with name and one task type',
      `e.g. - name: motd\n    file: {path: /etc/motd, content: "hello"}`,
    )
    return undefined
  }
  const meta = c.handler ? TASK_META.filter((k) => k !== 'notify' && k !== 'register') : TASK_META
  const typeKeys = Object.keys(entry).filter((k) => !meta.includes(k))
  const unknown = typeKeys.filter((k) => !TYPES.includes(k))
  for (const k of unknown) {
    add(
      'TASK_TYPE_UNKNOWN',
      [...path, k],
      `unknown task type or key ${JSON.stringify(k)}`,
      `${didYouMean(suggest(k, [...TYPES, ...meta]))}task types: ${TYPES.join(', ')}; other keys: ${meta.join(', ')}`,
      true,
    )
  }
  const known = typeKeys.filter((k) => TYPES.includes(k))
  const name = entry.name
  if (typeof name !== 'string' || name.trim() === '')
    add('PLAYBOOK_INVALID_VALUE', [...path, 'name'], 'every task needs a name (a non-empty string)', 'add name: "what this task ensures"')
  if (known.length === 0) {
    if (unknown.length === 0) add('PLAYBOOK_INVALID_TASK', path, 'the task has no task type', `add one of: ${TYPES.join(', ')}`)
    return undefined
  }
  if (known.length > 1) {
    add(
      'PLAYBOOK_INVALID_TASK',
      [...path, known[1] as string],
      `a task has one type, this one has ${known.join(' and ')}`,
      'split it into one task per type',
      true,
    )
    return undefined
  }
  const type = known[0] as TaskType
  const tags = entry.tags === undefined ? [] : stringList(entry.tags, [...path, 'tags'], 'tag', add)
  const notify = entry.notify === undefined ? [] : stringList(entry.notify, [...path, 'notify'], 'handler name', add)
  let timeoutMs: number | undefined
  if (entry.timeout !== undefined) {
    if (typeof entry.timeout === 'number' && entry.timeout > 0 && entry.timeout <= 86_400) timeoutMs = Math.round(entry.timeout * 1000)
    else
      add(
        'PLAYBOOK_INVALID_VALUE',
        [...path, 'timeout'],
        `expected seconds from 1 to 86400, got ${JSON.stringify(entry.timeout)}`,
        'write timeout: 300',
      )
  }
  const register = entry.register === undefined ? undefined : parseRegister(entry, path, type, c.known, add)
  const dynamic = compileDynamic(
    {argsPath: [...path, type], rawArgs: entry[type], name: typeof name === 'string' ? name : '', when: entry.when, loop: entry.loop},
    path,
    c.known,
    c.problem,
  )
  if (!dynamic || typeof name !== 'string') return undefined
  const source: TaskSource = {
    path,
    name: name.trim(),
    type,
    rawArgs: entry[type],
    tags,
    notify,
    at: c.at,
    ...dynamic,
    ...(timeoutMs === undefined ? {} : {timeoutMs}),
    ...(register === undefined ? {} : {register}),
  }
  if (c.handler && (argsLate(source) || isLate(source.reads.when)))
    add('PLAYBOOK_INVALID_TASK', path, 'a handler cannot read facts or registered output', 'read them in the task that notifies the handler')
  if (type === 'copy' && argsLate(source))
    add(
      'PLAYBOOK_INVALID_TASK',
      path,
      'a copy task cannot read facts or registered output',
      'its file is read before connecting; use when: on facts, or a template task',
    )
  if (register !== undefined && argsLate(source))
    add(
      'PLAYBOOK_REGISTER_INVALID',
      [...path, 'register'],
      'a check command cannot read facts or registered output',
      'its arguments may use host, site, vars and workloads',
    )
  // Arguments without expressions are validated once, here, and shared by every host.
  if (dynamic.exprs.length === 0 && !dynamic.nameExpr && !dynamic.loop) {
    const parsed = parseTaskArgs(type, entry[type], [...path, type])
    if (!parsed.ok) {
      for (const i of parsed.issues) add(i.code, [...i.path], i.message.replace(/^[^:]*: /, ''), i.hint)
      return undefined
    }
    source.fixed = {
      name: source.name,
      type: parsed.value.type,
      task: parsed.value.task,
      args: parsed.value.args,
      tags,
      notify,
      ...(timeoutMs === undefined ? {} : {timeoutMs}),
      ...(register === undefined ? {} : {register}),
      at: c.at,
    }
  }
  return source
}
