import {LineCounter, parseDocument} from 'yaml'
import type {SourceLocation} from '../errors/ops-error.js'
import {UserError} from '../errors/ops-error.js'
import {formatPath, locate, locateInValue, locateOffset, type ParsedFile} from '../inventory/locate.js'
import type {Secret} from '../inventory/secret.js'
import {unknownHandlers} from '../tasks/handlers.js'
import type {PlaybookIssue} from '../errors/playbook.js'
import {PlaybookInvalidError, playbookIssue} from '../errors/playbook.js'
import type {HostTasks, Playbook} from './model.js'
import {collectSecrets, resolveSecretRefs, secretTag} from './secret-ref.js'
import {didYouMean, suggest} from '../errors/did-you-mean.js'
import {parseTarget} from './targets.js'
import {SCOPE_ROOTS} from './expr-check.js'
import {asList, isPlainObject, parseEntry, type PlaybookIssueCode} from './parse-task.js'
import type {Path, Problem, TaskSource} from './task-source.js'
import type {Locator} from './resolve-task.js'
import {planHostTasks} from './host-plan.js'
import {maskedScope} from './scope.js'

export interface ParsePlaybookOptions {
  /** Name used when the file has no `name:` (the loader passes the file stem). */
  defaultName: string
  /** Looks up `!secret NAME` values; unresolved ones are errors at their line. */
  secret?: (name: string) => Secret | undefined
  /** Why a `!secret NAME` may not be used by this playbook at all (the inventory's owner rule), or undefined. */
  secretScope?: (name: string) => string | undefined
}

const TOP_KEYS = ['name', 'description', 'targets', 'vars', 'tasks', 'handlers']

/**
 * Parses a YAML playbook (pure: the loader reads the file). Every problem is collected, with file:line:col,
 * and thrown together as PlaybookInvalidError.
 */
export function parsePlaybook(text: string, file: string, opts: ParsePlaybookOptions): Playbook {
  const lc = new LineCounter()
  const doc = parseDocument(text, {lineCounter: lc, customTags: [secretTag], uniqueKeys: true, prettyErrors: false})
  const issues: PlaybookIssue[] = []
  const pf: ParsedFile = {file, doc, lineCounter: lc, text}
  const loc = (path: Path, key = false): SourceLocation => locate(pf, path, key ? 'key' : 'value')
  const add = (code: PlaybookIssueCode, path: Path, message: string, hint: string, key = false): void => {
    issues.push(playbookIssue(code, `${path.length ? `${formatPath(path)}: ` : ''}${message}`, hint, loc(path, key)))
  }
  const locator: Locator = {file, node: (path) => loc(path), inValue: (path, value, pos) => locateInValue(pf, path, value, pos)}
  const problem: Problem = (path, value, pos, code, message, hint) =>
    issues.push(playbookIssue(code as PlaybookIssueCode, `${formatPath(path)}: ${message}`, hint, locator.inValue(path, value, pos)))
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

  let vars = raw.vars ?? {}
  if (!isPlainObject(vars)) {
    add('PLAYBOOK_INVALID_VALUE', ['vars'], 'expected a mapping of variables', 'write vars as key: value pairs')
    vars = {}
  }
  for (const k of Object.keys(vars))
    if ((SCOPE_ROOTS as readonly string[]).includes(k))
      add('PLAYBOOK_INVALID_VALUE', ['vars', k], `${k} is a name every expression already has`, 'rename the var', true)
  const allRegistered = new Set(
    (Array.isArray(raw.tasks) ? raw.tasks : []).flatMap((t) => (isPlainObject(t) && typeof t.register === 'string' ? [t.register] : [])),
  )
  const registered = new Set<string>()

  const parseEntries = (key: 'tasks' | 'handlers'): TaskSource[] => {
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
      const handler = key === 'handlers'
      const known = {
        vars: vars as Record<string, unknown>,
        registered: new Set(handler ? [] : registered),
        laterRegistered: allRegistered,
        item: false,
      }
      const t = parseEntry(entry, [key, i], {handler, add, problem, at: loc([key, i]), known})
      if (t?.register !== undefined) registered.add(t.register)
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
  const pbVars = vars as Record<string, unknown>
  const planHost = (inv: Parameters<NonNullable<Playbook['planHost']>>[0], host: Parameters<NonNullable<Playbook['planHost']>>[1]): HostTasks =>
    planHostTasks(tasks, handlers, maskedScope(inv, host, pbVars), {host: host.name, locator, issues: []})
  return {
    name: name as string,
    file,
    targets,
    targetsAt,
    vars: pbVars,
    secrets: collectSecrets(raw),
    tasksFor: (inv, host) => planHost(inv, host).tasks,
    handlersFor: (inv, host) => planHost(inv, host).handlers,
    planHost,
  }
}
