/** Variables templates can read: `host.*`, `site.*`, `workloads`, and the playbook's and task's own vars at top level. */
export interface TaskVariables {
  host: Readonly<Record<string, unknown>>
  site: Readonly<Record<string, unknown>>
  playbook: Readonly<Record<string, unknown>>
  /** The agencies' workloads placed on the host (playbooks/variables.ts). */
  workloads?: readonly Readonly<Record<string, unknown>>[]
}

/** What a pure plan needs from the outside world, read by the runner and passed in. */
export interface TaskContext {
  /** Unique per task run (6–64 letters or digits), used for temp file names, since plans may not use randomness. */
  token: string
  /** Content of templates/<name>, or undefined when there is no such file. */
  template(name: string): string | undefined
  /** Content of a repository file (repo-relative path), or undefined. */
  repoFile(path: string): Buffer | string | undefined
  variables: TaskVariables
}
