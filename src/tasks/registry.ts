import type {FactRequests} from '../facts/resolve.js'
import type {ArgIssue, ArgPath, Parsed} from './args/schema.js'
import type {TaskDefinition} from './define.js'
import {attributesTask} from './types/attributes.js'
import {commandTask} from './types/command.js'
import {copyTask} from './types/copy.js'
import {directoryTask} from './types/directory.js'
import {fileTask} from './types/file.js'
import {groupTask} from './types/group.js'
import {lineTask} from './types/line.js'
import {packageTask} from './types/package.js'
import {serviceTask} from './types/service.js'
import {sysctlTask} from './types/sysctl.js'
import {templateTask} from './types/template.js'
import {userTask} from './types/user.js'

/** Every task type usable from YAML, by its `type` name. */
export const TASK_TYPES = {
  directory: directoryTask,
  file: fileTask,
  copy: copyTask,
  template: templateTask,
  attributes: attributesTask,
  line: lineTask,
  command: commandTask,
  package: packageTask,
  service: serviceTask,
  user: userTask,
  group: groupTask,
  sysctl: sysctlTask,
} as const

export type TaskType = keyof typeof TASK_TYPES
// The registry holds tasks of different argument types; callers pair a definition with args it parsed itself.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTask = TaskDefinition<any, FactRequests>

export const isTaskType = (t: string): t is TaskType => Object.hasOwn(TASK_TYPES, t)

/** A task type name and its validated arguments, ready for `task.facts(args)` and `task.plan(…)`. */
export interface ParsedTask {
  type: TaskType
  task: AnyTask
  args: unknown
}

/**
 * Validate raw (YAML) arguments of a task type. Issues carry key paths relative to the arguments
 * (prefixed with `base`), so the playbook loader can turn them into file:line errors.
 */
export function parseTaskArgs(type: string, raw: unknown, base: ArgPath = []): Parsed<ParsedTask> {
  if (!isTaskType(type)) {
    const issue: ArgIssue = {
      path: base,
      code: 'TASK_TYPE_UNKNOWN',
      message: `unknown task type ${JSON.stringify(type)}`,
      hint: `use one of: ${Object.keys(TASK_TYPES).join(', ')}`,
    }
    return {ok: false, issues: [issue]}
  }
  const task = TASK_TYPES[type] as AnyTask
  const parsed = task.args.parse(raw, base)
  return parsed.ok ? {ok: true, value: {type, task, args: parsed.value}} : parsed
}
