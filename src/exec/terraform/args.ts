/**
 * Pure argv builders for terraform/tofu (STYLE.md section 6). They never run anything; runner.ts does.
 * Every command that could prompt gets -input=false; -no-color when the output is not a terminal.
 */

export interface CommonArgs {
  /** Output goes to a terminal: keep terraform's colours. */
  tty?: boolean | undefined
}

export interface LockArgs {
  /** How long to wait for a state lock held by another run, in seconds (0 = fail at once). */
  lockTimeoutSeconds?: number
}

const color = (o: CommonArgs): string[] => (o.tty ? [] : ['-no-color'])
const lockTimeout = (o: LockArgs): string[] => (o.lockTimeoutSeconds === undefined ? [] : [`-lock-timeout=${o.lockTimeoutSeconds}s`])

export const versionArgs = (): string[] => ['version', '-json']

export interface InitArgs extends CommonArgs, LockArgs {
  /** Forget the previous backend without moving its state (only when the caller knows it is right). */
  reconfigure?: boolean
  /** Pick newer provider versions allowed by the constraints. */
  upgrade?: boolean
}

export const initArgs = (o: InitArgs = {}): string[] => [
  'init',
  '-input=false',
  ...color(o),
  ...lockTimeout(o),
  ...(o.reconfigure ? ['-reconfigure'] : []),
  ...(o.upgrade ? ['-upgrade'] : []),
]

export interface PlanArgs extends CommonArgs, LockArgs {
  /** Where terraform writes the plan; `apply` later takes exactly this file. */
  out: string
  /** Only compare state with reality (drift); propose no changes to resources. */
  refreshOnly?: boolean | undefined
  /** Plan to destroy everything in the stack. */
  destroy?: boolean | undefined
}

export const planArgs = (o: PlanArgs): string[] => [
  'plan',
  '-input=false',
  ...color(o),
  ...lockTimeout(o),
  ...(o.refreshOnly ? ['-refresh-only'] : []),
  ...(o.destroy ? ['-destroy'] : []),
  // -detailed-exitcode is left out on purpose: exit 2 would look like a failure to a naive caller; show -json tells us.
  `-out=${o.out}`,
]

/** The stack's current state on stdout (read for its lineage and serial only: it holds secret values). */
export const statePullArgs = (): string[] => ['state', 'pull']

export const showJsonArgs = (planFile: string): string[] => ['show', '-json', '-no-color', planFile]

export interface ApplyArgs extends CommonArgs, LockArgs {
  planFile: string
}

/** Applies exactly the saved plan: no re-planning, no approval prompt (a saved plan is the approval). */
export const applyArgs = (o: ApplyArgs): string[] => ['apply', '-input=false', ...color(o), ...lockTimeout(o), o.planFile]
