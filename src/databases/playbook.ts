import type {Playbook, PlaybookTask} from '../playbooks/model.js'
import {playbookErrors} from '../errors/playbook.js'
import {parseTaskArgs} from '../tasks/registry.js'

export const DATABASES_PLAYBOOK = 'databases'

function task(name: string, type: string, raw: Record<string, unknown>): PlaybookTask {
  const parsed = parseTaskArgs(type, raw)
  if (!parsed.ok) throw playbookErrors.builtinInvalid(DATABASES_PLAYBOOK, `${name}: ${parsed.issues.map((i) => i.message).join('; ')}`)
  return {name, type: parsed.value.type, task: parsed.value.task, args: parsed.value.args, tags: ['databases'], notify: []}
}

/**
 * Debian's PostgreSQL on hosts with role database; installing it creates the one cluster (`main`). Roles,
 * databases, settings and pg_hba.conf need the running server, so the phase converges them after this playbook.
 */
export function databasesPlaybook(): Playbook {
  return {
    name: DATABASES_PLAYBOOK,
    targets: ['role:database'],
    vars: {},
    tasksFor: () => [task('postgresql packages', 'package', {names: ['postgresql', 'postgresql-client']})],
    handlersFor: () => [],
  }
}
