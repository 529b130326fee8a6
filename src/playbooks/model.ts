import type {SourceLocation} from '../errors/ops-error.js'
import type {FactRequest} from '../facts/define.js'
import type {Secret} from '../inventory/secret.js'
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
  /** Set when `when:` is false for this host (or a loop has no items): shown as skipped, never gathered or run. */
  skipped?: string
  /** The name later expressions read this check command's output by. */
  register?: string
}

/**
 * A host's tasks that read `facts` or registered output, completed by the runner after its first gathering:
 * it gathers `requests` along with the known tasks' facts, then `bind` gives the host's whole task list.
 */
export interface LateBinding {
  requests: FactRequest<unknown>[]
  /** Pure; throws PlaybookInvalidError (file:line:col) when an expression fails on the gathered values. */
  bind(values: ReadonlyMap<string, unknown>): PlaybookTask[]
}

/** One host's tasks as far as they are known before connecting. */
export interface HostTasks {
  tasks: PlaybookTask[]
  handlers: PlaybookTask[]
  late?: LateBinding
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
  /** Every secret the file names (YAML playbooks), including those of tasks resolved only after gathering. */
  secrets?: Secret[]
  tasksFor(inventory: Inventory, host: Host): PlaybookTask[]
  handlersFor(inventory: Inventory, host: Host): PlaybookTask[]
  /** YAML playbooks: tasks resolved for the host (expressions, when, loop), with what waits for gathered facts. */
  planHost?(inventory: Inventory, host: Host): HostTasks
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
