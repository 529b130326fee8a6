/**
 * A saved plan (`kotadc plan --out FILE`): everything `kotadc deploy --plan FILE` needs to apply exactly what was
 * reviewed, and to refuse when the world moved. Pure data; src/exec/saved-plan-file.ts encrypts and writes it.
 */
export const SAVED_PLAN_FORMAT = 'kotadc-saved-plan'
export const SAVED_PLAN_VERSION = 1

/** One task of a host's change list as check mode planned it (summaries already masked). */
export interface PlannedTask {
  name: string
  status: 'changed' | 'ok' | 'skipped' | 'failed'
  summary: string
}

/** What a playbook phase would change on one host: its tasks then its handlers, in run order. */
export interface HostChanges {
  phase: string
  host: string
  tasks: PlannedTask[]
}

/** What a stack's plan does, as `plan --json` reports it (services/deploy/stacks.ts StackPlanReport). */
export interface SavedStackReport {
  counts: {create: number; update: number; replace: number; delete: number; forget: number}
  changes: {address: string; action: string; replacePaths?: string[]}[]
  drift: {address: string; action: string}[]
}

/** One stack's saved terraform plan. */
export interface SavedStackPlan {
  stack: string
  host: string
  /** terraform's plan file (base64), applied as it is; absent when the plan changes nothing. */
  planFile?: string
  report: SavedStackReport
  /** Lineage and serial of the stack's state the plan was made against (null: no state yet). */
  state: string | null
}

/**
 * A digest of every input the plan was computed from. Files and stacks are SHA-256 of their bytes (no secret is
 * in them); secrets are HMAC-SHA256 keyed by `salt`, a random key that lives only inside the encrypted bundle,
 * so a digest seen anywhere else says nothing about a value.
 */
export interface InputDigests {
  salt: string
  /**
   * Project-relative path (inventory/…, templates/…) → digest, and kotadc's built-in templates as kotadc:templates/….
   * secrets.age is left out: secrets count by value.
   */
  files: Record<string, string>
  /** Secret name → keyed digest of its value. */
  secrets: Record<string, string>
  /** Stack name → digest of its synthesized JSON. */
  stacks: Record<string, string>
  /** `terraform 1.11.4`, or null when no stack was planned. */
  terraform: string | null
  /** The kotadc version that planned: its built-in playbooks decide what each task does (its templates are in `files`). */
  kotadc: string | null
}

export interface SavedPlan {
  format: typeof SAVED_PLAN_FORMAT
  version: typeof SAVED_PLAN_VERSION
  site: string
  env: string | null
  createdAt: string
  /** The inventory's `git rev-parse HEAD` (null outside git) and whether it had uncommitted changes: informative only. */
  inventoryCommit: string | null
  dirty: boolean
  /** The phases and --limit the plan covered; deploy --plan runs exactly these. */
  phases: string[]
  limit: string[]
  inputs: InputDigests
  hosts: HostChanges[]
  stacks: SavedStackPlan[]
}

/** Parses decrypted bundle text, or says why it is not a saved plan this kotadc reads (the caller names the file). */
export function parseSavedPlan(text: string): SavedPlan | {problem: string} {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return {problem: 'its content is not a kotadc saved plan'}
  }
  const d = doc as Partial<SavedPlan> | null
  if (!d || typeof d !== 'object' || d.format !== SAVED_PLAN_FORMAT) return {problem: 'its content is not a kotadc saved plan'}
  if (d.version !== SAVED_PLAN_VERSION) return {problem: `it is format version ${String(d.version)}; this kotadc reads version ${SAVED_PLAN_VERSION}`}
  const complete =
    typeof d.site === 'string' &&
    Array.isArray(d.phases) &&
    Array.isArray(d.limit) &&
    Array.isArray(d.hosts) &&
    Array.isArray(d.stacks) &&
    typeof d.inputs === 'object' &&
    d.inputs !== null
  return complete ? (d as SavedPlan) : {problem: 'it is incomplete (a field is missing)'}
}

/** Status and task of a host report, the shape the runner reports (kept structural: the core does not import exec). */
export interface HostReportLike {
  host: string
  tasks: readonly {name: string; status: PlannedTask['status']; summary: string}[]
  handlers: readonly {name: string; status: PlannedTask['status']; summary: string}[]
}

/**
 * A hypervisor's part of the vms phase as a change list: each planned libvirt action (define, grow, start, restart
 * needed...) is one changed step, so a domain edited by hand or a VM added between plan and deploy is a difference.
 */
export const vmChanges = (r: {hypervisor: string; actions: readonly string[]}): HostChanges => ({
  phase: 'vms',
  host: r.hypervisor,
  tasks: r.actions.map((a) => ({name: a, status: 'changed', summary: a})),
})

/** A host's change list from its check-mode report: tasks then handlers (marked as such), in run order. */
export const hostChanges = (phase: string, r: HostReportLike): HostChanges => ({
  phase,
  host: r.host,
  tasks: [
    ...r.tasks.map((t) => ({name: t.name, status: t.status, summary: t.summary})),
    ...r.handlers.map((t) => ({name: `handler: ${t.name}`, status: t.status, summary: t.summary})),
  ],
})
