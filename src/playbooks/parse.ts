import {LineCounter, parseDocument} from 'yaml'
import type {ErrorCodeOf, IssueCodeOf} from '../errors/catalog.js'
import type {SourceLocation} from '../errors/ops-error.js'
import {UserError} from '../errors/ops-error.js'
import {formatPath, locate, locateOffset, type ParsedFile} from '../inventory/locate.js'
import type {Secret} from '../inventory/secret.js'
import {unknownHandlers} from '../tasks/handlers.js'
import {parseTaskArgs, TASK_TYPES} from '../tasks/registry.js'
import type {PlaybookIssue} from '../errors/playbook.js'
import {PlaybookInvalidError, playbookIssue} from '../errors/playbook.js'
import type {Playbook, PlaybookTask} from './model.js'
import {resolveSecretRefs, secretTag} from './secret-ref.js'
import {didYouMean, suggest} from '../errors/did-you-mean.js'
import {parseTarget} from './targets.js'

type Path = (string | number)[]

export interface ParsePlaybookOptions {
  /** Name used when the file has no `name:` (the loader passes the file stem). */
  defaultName: string
  /** Looks up `!secret NAME` values; unresolved ones are errors at their line. */
  secret?: (name: string) => Secret | undefined
  /** Why a `!secret NAME` may not be used by this playbook at all (the inventory's owner rule), or undefined. */
  secretScope?: (name: string) => string | undefined
}

const TOP_KEYS = ['name', 'description', 'targets', 'vars', 'tasks', 'handlers']
const TASK_META = ['name', 'tags', 'notify', 'timeout']
const TYPES = Object.keys(TASK_TYPES)
const LABEL = /^[a-z0-9][a-z0-9_.-]*$/i

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
/** A target error from parseTarget is reported as an issue too, under its own code. */
type PlaybookIssueCode = IssueCodeOf<'PLAYBOOK_INVALID'> | ErrorCodeOf<'user'>

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v])

/**
 * Parses a YAML playbook (pure: the loader reads the file). Every problem is collected, with file:line:col,
 * and thrown together as PlaybookInvalidError.
 */
export function parsePlaybook(text: string, file: string, opts: ParsePlaybookOptions): Playbook {
  const lc = new LineCounter()
  const doc = parseDocument(text, {lineCounter: lc, customTags: [secretTag], uniqueKeys: true, prettyErrors: false})
  const issues: PlaybookIssue[] = []
  const pf: ParsedFile = {file, doc, lineCounter: lc}
  const loc = (path: Path, key = false): SourceLocation => locate(pf, path, key ? 'key' : 'value')
  const add = (code: PlaybookIssueCode, path: Path, message: string, hint: string, key = false): void => {
    issues.push(playbookIssue(code, `${path.length ? `${formatPath(path)}: ` : ''}${message}`, hint, loc(path, key)))
  }
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      issues.push(
        playbookIssue(
          'PLAYBOOK_YAML_SYNTAX',
          `YAML syntax error: ${e.message.split('\n')[0]}`,
          'fix the YAML at this position (indentation, quotes, colons)',
          locateOffset(pf, e.pos[0]),
        ),
      )
    }
    throw new PlaybookInvalidError(file, issues)
  }
  let raw: unknown = doc.toJS({maxAliasCount: 100})
  const refused = new Map<string, string>()
  const lookup = (name: string): Secret | undefined => {
    const problem = opts.secretScope?.(name)
    if (problem === undefined) return opts.secret?.(name)
    refused.set(name, problem)
    return undefined
  }
  raw = resolveSecretRefs(raw, lookup, (name, path) => {
    const problem = refused.get(name)
    if (problem !== undefined)
      add(
        'PLAYBOOK_SECRET_UNSCOPED',
        path,
        problem,
        `name a site-only secret SITE_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}, or give it its agency's prefix`,
      )
    else
      add(
        'PLAYBOOK_SECRET_MISSING',
        path,
        `secret ${name} is not set`,
        `add ${name} to inventory/secrets.age or set KOTADC_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`,
      )
  })
  if (!isPlainObject(raw)) {
    add('PLAYBOOK_NOT_A_MAPPING', [], 'a playbook is a mapping with targets and tasks', 'start the file with `targets: [...]` and `tasks:`')
    throw new PlaybookInvalidError(file, issues)
  }
  for (const key of Object.keys(raw)) {
    if (!TOP_KEYS.includes(key))
      add('PLAYBOOK_UNKNOWN_KEY', [key], 'unknown key', `${didYouMean(suggest(key, TOP_KEYS))}allowed keys: ${TOP_KEYS.join(', ')}`, true)
  }
  const name = raw.name === undefined ? opts.defaultName : raw.name
  if (typeof name !== 'string' || name === '') add('PLAYBOOK_INVALID_VALUE', ['name'], 'expected a non-empty string', 'write name: my-playbook')

  const targets: string[] = []
  const targetsAt: SourceLocation[] = []
  if (raw.targets === undefined)
    add('PLAYBOOK_MISSING_KEY', [], 'required key "targets" is missing', 'add targets: [all] (or host names, role:<role>, agency:<code>)')
  else {
    const list = asList(raw.targets)
    if (list.length === 0) add('PLAYBOOK_INVALID_VALUE', ['targets'], 'must not be empty', 'list at least one target, e.g. [all]')
    list.forEach((t, i) => {
      const path = Array.isArray(raw.targets) ? ['targets', i] : ['targets']
      if (typeof t !== 'string')
        return add(
          'PLAYBOOK_INVALID_VALUE',
          path,
          `expected a target expression, got ${JSON.stringify(t)}`,
          'write a host name, role:<role>, agency:<code> or all',
        )
      try {
        parseTarget(t)
        targets.push(t)
        targetsAt.push(loc(path))
      } catch (e) {
        if (!(e instanceof UserError)) throw e
        add(e.code, path, e.message, e.hint ?? '')
      }
    })
  }

  const vars = raw.vars ?? {}
  if (!isPlainObject(vars)) add('PLAYBOOK_INVALID_VALUE', ['vars'], 'expected a mapping of variables', 'write vars as key: value pairs')

  const parseEntries = (key: 'tasks' | 'handlers'): PlaybookTask[] => {
    const list = raw[key]
    if (list === undefined) {
      if (key === 'tasks') add('PLAYBOOK_MISSING_KEY', [], 'required key "tasks" is missing', 'add tasks: with at least one task')
      return []
    }
    if (!Array.isArray(list)) {
      add('PLAYBOOK_INVALID_VALUE', [key], 'expected a list', `write ${key}: as a list of "- name: …" entries`)
      return []
    }
    return list.flatMap((entry, i) => {
      const t = parseEntry(entry, [key, i], key === 'handlers', add, loc([key, i]))
      return t ? [t] : []
    })
  }
  const tasks = parseEntries('tasks')
  const handlers = parseEntries('handlers')
  const seen = new Set<string>()
  handlers.forEach((h, i) => {
    if (seen.has(h.name))
      add(
        'PLAYBOOK_DUPLICATE_HANDLER',
        ['handlers', i, 'name'],
        `handler ${JSON.stringify(h.name)} is declared twice`,
        'give each handler its own name',
      )
    seen.add(h.name)
  })
  if (Array.isArray(raw.tasks)) {
    raw.tasks.forEach((entry, i) => {
      if (!isPlainObject(entry) || entry.notify === undefined) return
      for (const n of unknownHandlers(
        asList(entry.notify).filter((x): x is string => typeof x === 'string'),
        handlers,
      )) {
        add(
          'PLAYBOOK_UNKNOWN_HANDLER',
          ['tasks', i, 'notify'],
          `notifies ${JSON.stringify(n)}, which no handler declares`,
          `${didYouMean(
            suggest(
              n,
              handlers.map((h) => h.name),
            ),
          )}declare it under handlers:, or fix the name`,
        )
      }
    })
  }
  if (issues.length > 0) throw new PlaybookInvalidError(file, issues)
  return {
    name: name as string,
    file,
    targets,
    targetsAt,
    vars: vars as Record<string, unknown>,
    tasksFor: () => tasks,
    handlersFor: () => handlers,
  }
}

type Add = (code: PlaybookIssueCode, path: Path, message: string, hint: string, key?: boolean) => void

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

function parseEntry(entry: unknown, path: Path, handler: boolean, add: Add, at: SourceLocation): PlaybookTask | undefined {
  if (!isPlainObject(entry)) {
    add(
      'PLAYBOOK_INVALID_TASK',
      path,
      'expected a task: a mapping with name and one task type',
      `e.g. - name: motd\n    file: {path: /etc/motd, content: "hello"}`,
    )
    return undefined
  }
  const meta = handler ? TASK_META.filter((k) => k !== 'notify') : TASK_META
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
  const type = known[0] as string
  const parsed = parseTaskArgs(type, entry[type], [...path, type])
  if (!parsed.ok) {
    for (const i of parsed.issues) add(i.code, [...i.path], i.message.replace(/^[^:]*: /, ''), i.hint)
  }
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
  if (!parsed.ok || typeof name !== 'string') return undefined
  return {
    name: name.trim(),
    type: parsed.value.type,
    task: parsed.value.task,
    args: parsed.value.args,
    tags,
    notify,
    ...(timeoutMs === undefined ? {} : {timeoutMs}),
    at,
  }
}
