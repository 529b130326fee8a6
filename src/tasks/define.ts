import type {FactRequests, FactValues} from '../facts/resolve.js'
import type {Field} from './args/schema.js'
import type {Change} from './change.js'
import type {TaskContext} from './context.js'

/**
 * A task type: validated arguments, the facts it needs, and a pure plan from (args, facts) to a Change.
 * `plan` may throw a UserError when the host state makes the task impossible (e.g. a directory where a file goes).
 */
export interface TaskDefinition<A, R extends FactRequests> {
  /** The name used in YAML playbooks, e.g. `file`, `package`. */
  readonly type: string
  /** One sentence for docs/playbooks.md: what the task ensures. */
  readonly summary: string
  readonly args: Field<A>
  facts(args: A): R
  plan(args: A, facts: FactValues<R>, ctx: TaskContext): Change
}

export const defineTask = <A, R extends FactRequests>(def: TaskDefinition<A, R>): TaskDefinition<A, R> => def

/** Args type of a task definition. */
export type TaskArgs<T> = T extends TaskDefinition<infer A, FactRequests> ? A : never
