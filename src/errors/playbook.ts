import type {ErrorCodeOf, IssueCodeOf} from './catalog.js'
import {defineCodes} from './define.js'
import type {InventoryIssue} from './inventory-issue.js'
import {sortIssues} from './inventory-issue.js'
import type {SourceLocation} from './ops-error.js'
import {UserError} from './ops-error.js'
import {didYouMean, suggest} from './did-you-mean.js'

/** A problem at one place in a playbook file; same shape as an inventory issue so the CLI renders both alike. */
export type PlaybookIssue = InventoryIssue

/** Raised when a playbook file has at least one error; carries every issue, sorted by line. */
export class PlaybookInvalidError extends UserError {
  readonly issues: PlaybookIssue[]

  constructor(file: string, issues: readonly PlaybookIssue[]) {
    const sorted = sortIssues(issues)
    const first = sorted[0]
    super({
      code: 'PLAYBOOK_INVALID',
      message:
        first && sorted.length === 1 ? `${first.path ? `${first.path}: ` : ''}${first.message}` : `playbook ${file} has ${sorted.length} errors`,
      hint: first && sorted.length === 1 ? first.hint : 'fix each problem listed above, then run again',
      ...(first ? {location: first.location} : {}),
    })
    this.issues = sorted
  }

  override details(): unknown {
    return {issues: this.issues}
  }
}

export const playbookIssue = (
  code: IssueCodeOf<'PLAYBOOK_INVALID'> | ErrorCodeOf<'user'>,
  message: string,
  hint: string,
  location: SourceLocation,
  path = '',
): PlaybookIssue => ({
  code,
  severity: 'error',
  path,
  message,
  hint,
  location,
})

const at = (location?: SourceLocation): {location?: SourceLocation} => (location ? {location} : {})

export const playbookErrors = {
  notFound: (name: string, tried: readonly string[], known: readonly string[]) =>
    new UserError({
      code: 'PLAYBOOK_NOT_FOUND',
      message: `playbook ${JSON.stringify(name)} not found (looked for ${tried.join(', ')})`,
      hint: `${didYouMean(suggest(name, known))}available: ${known.join(', ') || '(none)'}; a user playbook is inventory/playbooks/<name>.yaml`,
    }),
  phaseOnly: (name: string, phase: string) =>
    new UserError({
      code: 'PLAYBOOK_PHASE_ONLY',
      message: `built-in playbook ${name} reads live state first (zones, certificates, keys) and runs only as the deploy phase ${phase}`,
      hint: `see its changes with \`kotadc plan --phase ${phase}\`, apply them with \`kotadc deploy --phase ${phase}\``,
    }),
  unreadable: (file: string, reason: string) =>
    new UserError({
      code: 'PLAYBOOK_UNREADABLE',
      message: `cannot read playbook ${file}: ${reason}`,
      hint: 'check that the file exists and is readable',
    }),
  targetUnknown: (kind: 'host' | 'role' | 'agency', name: string, known: readonly string[], location?: SourceLocation) =>
    new UserError({
      code: 'PLAYBOOK_TARGET_UNKNOWN',
      message: `target ${kind === 'host' ? '' : `${kind}:`}${name}: no ${kind} ${JSON.stringify(name)} in the inventory`,
      hint: `${didYouMean(suggest(name, known))}targets are host names, role:<role>, agency:<code> or all${known.length ? `; known ${kind}s: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}` : ''}`,
      ...at(location),
    }),
  targetInvalid: (expr: string, location?: SourceLocation) =>
    new UserError({
      code: 'PLAYBOOK_TARGET_INVALID',
      message: `target ${JSON.stringify(expr)} is not a host name, role:<role>, agency:<code> or all`,
      hint: 'write e.g. docker1, role:docker, agency:dinkes or all',
      ...at(location),
    }),
  noHosts: (targets: readonly string[], limit: readonly string[]) =>
    new UserError({
      code: 'RUN_NO_HOSTS',
      message: `no host matches: targets ${targets.join(', ')}${limit.length ? ` limited to ${limit.join(', ')}` : ''}`,
      hint: 'check --limit against the playbook targets (kotadc inventory list hosts)',
    }),
  builtinInvalid: (playbook: string, detail: string) =>
    new UserError({
      code: 'PLAYBOOK_BUILTIN_INPUT_INVALID',
      message: `built-in playbook ${playbook} cannot use the inventory as it is: ${detail}`,
      hint: 'fix the inventory value named above (kotadc validate shows where it is)',
    }),
}

const inPlaybook = {family: 'user', issue: 'PLAYBOOK_INVALID'} as const

export const playbookCodes = defineCodes({
  PLAYBOOK_INVALID: {
    family: 'user',
    meaning: 'a playbook file has at least one error; every issue is listed with its file:line:col',
    fix: 'fix each listed issue, then run again',
  },
  PLAYBOOK_YAML_SYNTAX: {
    ...inPlaybook,
    meaning: 'a playbook file is not valid YAML',
    fix: 'fix the YAML at the position shown: indentation, quotes and colons',
  },
  PLAYBOOK_NOT_A_MAPPING: {
    ...inPlaybook,
    meaning: 'a playbook file is not a mapping with targets and tasks',
    fix: 'start the file with `targets: [...]` and `tasks:`',
  },
  PLAYBOOK_UNKNOWN_KEY: {...inPlaybook, meaning: 'a top-level key the playbook format does not define', fix: 'rename it as suggested, or remove it'},
  PLAYBOOK_MISSING_KEY: {...inPlaybook, meaning: 'targets or tasks is missing', fix: 'add the key the message names'},
  PLAYBOOK_INVALID_VALUE: {
    ...inPlaybook,
    meaning: 'a playbook value has the wrong form (empty targets, a non-string name, a bad timeout)',
    fix: 'write the value as the hint shows',
  },
  PLAYBOOK_INVALID_TASK: {
    ...inPlaybook,
    meaning: 'a task is not a mapping with a name and exactly one task type',
    fix: 'give the task a name and one task type; split tasks that have two',
  },
  PLAYBOOK_DUPLICATE_HANDLER: {...inPlaybook, meaning: 'two handlers share a name', fix: 'give each handler its own name'},
  PLAYBOOK_UNKNOWN_HANDLER: {
    ...inPlaybook,
    meaning: 'a task notifies a handler that is not declared',
    fix: 'declare it under handlers:, or fix the name',
  },
  PLAYBOOK_SECRET_UNSCOPED: {
    ...inPlaybook,
    meaning:
      'a `!secret NAME` in a site playbook is neither one of the reserved site families (SITE_, RESTIC_, KOTADC_) nor owned by exactly one agency',
    fix: 'name a site-only secret SITE_<NAME> (in secrets.age too); an agency secret must carry its agency code or workload name as prefix',
  },
  PLAYBOOK_SECRET_MISSING: {
    ...inPlaybook,
    meaning: 'a `!secret NAME` in the playbook has no value',
    fix: 'add it to inventory/secrets.age or set KOTADC_SECRET_<NAME>',
  },
  PLAYBOOK_EXPRESSION_INVALID: {
    ...inPlaybook,
    meaning: 'a liquid expression in a playbook value does not parse, uses an unknown filter, or tries to include a file',
    fix: 'fix the expression at the position shown; file content belongs in a template task',
  },
  PLAYBOOK_UNKNOWN_VARIABLE: {
    ...inPlaybook,
    meaning: 'an expression reads a variable no playbook scope defines (checked before anything connects)',
    fix: 'use host.*, site.*, workloads, facts.<name>, item (in a loop), a playbook var or a name registered by an earlier task',
  },
  PLAYBOOK_EXPRESSION_FAILED: {
    ...inPlaybook,
    meaning: 'an expression cannot be evaluated for a host (a host var it reads is missing, a loop value is not a list)',
    fix: 'define the value for that host (hosts.yaml vars) or use a default: {{ host.vars.x | default: "…" }}',
  },
  PLAYBOOK_SECRET_IN_EXPRESSION: {
    ...inPlaybook,
    meaning: 'an expression reads a variable holding a !secret; expressions never see secret values',
    fix: 'write !secret NAME as the whole argument value (or pass it to a template task through its vars)',
  },
  PLAYBOOK_REGISTER_INVALID: {
    ...inPlaybook,
    meaning: 'register: is on a task whose output is not known when the run is planned',
    fix: 'register the output of a command task with check: true (a read-only command run while facts are gathered)',
  },
  TASK_TYPE_UNKNOWN: {...inPlaybook, meaning: 'a task uses a task type or key kotadc does not know', fix: 'use one of the task types the hint lists'},
  TASK_ARG_MISSING: {...inPlaybook, meaning: 'a required task argument is missing', fix: 'add the argument the message names'},
  TASK_ARG_UNKNOWN: {
    ...inPlaybook,
    meaning: 'a task argument its task type does not take',
    fix: 'remove it or fix its name; the hint lists the allowed arguments',
  },
  TASK_ARG_INVALID: {...inPlaybook, meaning: 'a task argument has a value its task type does not accept', fix: 'write the value as the hint shows'},
  TASK_SECRET_IN_ARGV: {
    ...inPlaybook,
    meaning: 'a command task puts a !secret in argv, where every user on the host can read it (ps, /proc)',
    fix: 'pass the secret on standard input: stdin: !secret NAME (e.g. argv: [psql, -f, -])',
  },
  PLAYBOOK_NOT_FOUND: {
    family: 'user',
    meaning: 'no built-in playbook and no inventory/playbooks/NAME.yaml has the given name',
    fix: 'use one of the playbooks listed, or create inventory/playbooks/<name>.yaml',
  },
  PLAYBOOK_PHASE_ONLY: {
    family: 'user',
    meaning: 'a built-in playbook that reads live state (dns, proxy, firewall, backup) was given to `kotadc run`',
    fix: 'run it as its deploy phase: kotadc plan --phase NAME to see the changes, kotadc deploy --phase NAME to apply them',
  },
  PLAYBOOK_UNREADABLE: {family: 'user', meaning: 'a playbook file cannot be read', fix: 'check that the file exists and is readable'},
  PLAYBOOK_TARGET_UNKNOWN: {
    family: 'user',
    meaning: 'a target names a host, role or agency the inventory does not have',
    fix: 'fix the name as suggested; targets are host names, role:<role>, agency:<code> or all',
  },
  PLAYBOOK_TARGET_INVALID: {
    family: 'user',
    meaning: 'a target is not a host name, role:<role>, agency:<code> or all',
    fix: 'write e.g. docker1, role:docker, agency:dinkes or all',
  },
  PLAYBOOK_BUILTIN_INPUT_INVALID: {
    family: 'user',
    meaning: 'a built-in playbook cannot use an inventory value as it is',
    fix: 'fix the inventory value named (`kotadc validate` shows where)',
  },
  RUN_NO_HOSTS: {
    family: 'user',
    meaning: 'the playbook targets combined with --limit select no host',
    fix: 'check --limit against the playbook targets (`kotadc inventory list hosts`)',
  },
})
