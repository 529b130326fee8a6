import type {SourceLocation} from '../errors/ops-error.js'
import type {Host, Inventory} from '../inventory/model.js'
import type {AnyTask, TaskType} from '../tasks/registry.js'

/** One task of a playbook: a task type with validated arguments, plus how the runner treats it. */
export interface PlaybookTask {
  /** Shown in progress, summaries and errors; handlers are notified by this name. */
  name: string
  type: TaskType
  task: AnyTask
  /** Arguments already validated by the task type's parser. */
  args: unknown
  tags: string[]
  /** Handler names to run once at the end if this task changed something. */
  notify: string[]
  /** Per-task command timeout; the runner's default applies when unset. */
  timeoutMs?: number
  /** Where the task is written (YAML playbooks), for errors. */
  at?: SourceLocation
}

/**
 * A playbook: which hosts it targets and, per host, the tasks to run in order. Built-in playbooks derive their
 * tasks from the inventory, so tasks are a function of (inventory, host); YAML playbooks return the same list for all.
 */
export interface Playbook {
  name: string
  /** The YAML file it came from; absent for built-in playbooks. */
  file?: string
  /** Target expressions: host names, `role:<role>`, `agency:<code>`, `all`. */
  targets: string[]
  /** Where each target expression is written, parallel to `targets` (YAML playbooks). */
  targetsAt?: (SourceLocation | undefined)[]
  /** Playbook-level variables, visible to templates at the top level of their scope. */
  vars: Record<string, unknown>
  tasksFor(inventory: Inventory, host: Host): PlaybookTask[]
  handlersFor(inventory: Inventory, host: Host): PlaybookTask[]
}

/** Tasks that run whatever tags were selected. */
export const ALWAYS_TAG = 'always'

/** The tasks selected by `--tags` (any of them) and `--skip-tags`; no tags selects every task. */
export function selectTasks(tasks: readonly PlaybookTask[], tags: readonly string[], skipTags: readonly string[] = []): PlaybookTask[] {
  return tasks.filter((t) => {
    if (t.tags.some((tag) => skipTags.includes(tag))) return false
    return tags.length === 0 || t.tags.includes(ALWAYS_TAG) || t.tags.some((tag) => tags.includes(tag))
  })
}

/** Every tag the playbook's tasks carry for a host (for the "unknown tag" hint). */
export const tagsOf = (tasks: readonly PlaybookTask[]): string[] => [...new Set(tasks.flatMap((t) => t.tags))].sort()
