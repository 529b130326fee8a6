import {inventorySiteMismatch} from '../errors/catalog.js'
import type {InventoryIssue} from '../errors/inventory-issue.js'
import {inventoryIssue} from '../errors/catalog.js'
import {sortIssues} from '../errors/inventory-issue.js'
import {planBackups} from '../backup/plan.js'
import type {Inventory} from '../inventory/model.js'
import {loadInventory} from '../inventory/load.js'

/** Backups the inventory asks for that no host would run: a warning each, at the workload (the plan owns the rule). */
function unplannedBackups(inv: Inventory): InventoryIssue[] {
  return planBackups(inv)
    .unplaced.filter((u) => !u.notCreated)
    .map((u) => {
      const spec = inventoryIssue.backupUnplanned(u.workload, u.reason)
      return {code: spec.code, severity: spec.severity, path: 'backup', message: spec.message, hint: spec.hint, location: u.at, subject: u.workload}
    })
}

export interface ValidateOptions {
  dir: string
  env?: string | undefined
  /** Refuse when the inventory is for another site. */
  site?: string | undefined
  environ: Record<string, string | undefined>
  cwd?: string
}

/** The `kotadc validate --json` contract. Failures are thrown (InventoryInvalidError carries every issue). */
export interface ValidateResult {
  valid: true
  site: string
  env: string | null
  files: string[]
  counts: {networks: number; hosts: number; agencies: number; workloads: number; backupPolicies: number}
  warnings: InventoryIssue[]
  /** The example's DEMO age identity, when it opened secrets.age (KOTADC_AGE_IDENTITY unset). */
  demoIdentity?: string
}

export async function validateInventory(opts: ValidateOptions): Promise<ValidateResult> {
  const {
    inventory: inv,
    warnings,
    files,
    demoIdentity,
  } = await loadInventory({
    dir: opts.dir,
    environ: opts.environ,
    ...(opts.env ? {env: opts.env} : {}),
    ...(opts.cwd ? {cwd: opts.cwd} : {}),
  })
  if (opts.site !== undefined && opts.site !== inv.site.name) throw inventorySiteMismatch(opts.site, inv.site.name, files[0] ?? 'site.yaml')
  return {
    valid: true,
    site: inv.site.name,
    env: inv.env ?? null,
    files,
    counts: {
      networks: inv.networks.length,
      hosts: inv.hosts.length,
      agencies: inv.agencies.length,
      workloads: inv.workloads.length,
      backupPolicies: inv.backupPolicies.length,
    },
    warnings: sortIssues([...warnings, ...unplannedBackups(inv)]),
    ...(demoIdentity ? {demoIdentity} : {}),
  }
}
