import type {WorkloadFreshness} from '../backup/freshness.js'
import {passwordSecretOf} from '../databases/desired.js'
import type {Inventory, Workload} from '../inventory/model.js'

/**
 * What `workload remove` takes out of the inventory, which of it holds data, and what is left for a person to remove:
 * kotadc never drops a database, a VM disk or a backup by itself.
 */

/** The workload and, when the agency has one, its database `NAME-db` (what the web-app template adds with it). */
export function removalSet(inv: Inventory, agency: string, name: string): Workload[] {
  const own = inv.workloads.filter((w) => w.agency === agency)
  const main = own.find((w) => w.name === name)
  if (!main) return []
  const db = own.find((w) => w.name === `${name}-db` && w.kind === 'postgres')
  return db ? [main, db] : [main]
}

/** A workload holds data when it has volumes, databases or a disk: removing it without a fresh backup may lose them. */
export const holdsData = (w: Workload): boolean => w.kind !== 'container' || w.volumes.length > 0

/** Why each data-holding workload may not be removed yet: its backup is stale, missing, or it has no backup at all. */
export function unsafeToRemove(workloads: readonly Workload[], freshness: readonly WorkloadFreshness[]): string[] {
  const out: string[] = []
  for (const w of workloads.filter(holdsData)) {
    const f = freshness.find((x) => x.workload === w.name)
    if (!w.backup) out.push(`${w.name} holds data and has no backup section`)
    else if (!f) out.push(`${w.name}: its backup status could not be read`)
    else if (f.status === 'stale') {
      const age = Math.max(...f.items.map((i) => i.ageHours ?? 0))
      out.push(`${w.name}: newest backup is ${age.toFixed(1)} h old, policy ${f.policy} allows ${f.rpoHours} h`)
    } else if (f.status !== 'fresh')
      out.push(`${w.name}: ${f.status === 'never' ? 'never backed up' : `not backed up by any host (${f.reason ?? 'unplanned'})`}`)
  }
  return out
}

/** What the next deploy removes, and what stays until a person removes it. */
export function leftovers(inv: Inventory, workloads: readonly Workload[]): {nextDeploy: string[]; byHand: string[]} {
  const nextDeploy: string[] = []
  const byHand: string[] = []
  const secrets = new Set<string>()
  for (const w of workloads) {
    if (w.kind === 'container') {
      const vols = w.volumes.map((v) => `${w.name}-${v.name}`)
      nextDeploy.push(
        `container ${w.name} on ${w.host}${vols.length ? ` with its docker volume(s) ${vols.join(', ')} (terraform manages them: their data is then only in the backups)` : ''}`,
      )
      if ('domain' in w && w.domain) nextDeploy.push(`DNS record and proxy site of ${w.domain}`)
      for (const s of w.secrets) secrets.add(s)
    } else if (w.kind === 'postgres') {
      byHand.push(
        `database(s) ${w.databases.join(', ')} and role ${w.name} on ${w.host}: kotadc never drops them (DROP DATABASE ...; DROP ROLE ${w.name};)`,
      )
      secrets.add(passwordSecretOf(w))
    } else {
      byHand.push(`VM ${w.name} on ${w.hypervisor ?? 'its hypervisor'} and its ${w.diskGiB} GiB disk (virsh undefine ${w.name} --remove-all-storage)`)
      if (w.domain) nextDeploy.push(`DNS record and proxy site of ${w.domain}`)
    }
    if (w.backup) {
      const repo = inv.backupPolicies.find((p) => p.name === w.backup?.policy)?.repository
      byHand.push(`snapshots of ${w.name} stay in the backup repository${repo ? ` on ${repo}` : ''} until you forget them`)
    }
  }
  if (secrets.size) byHand.push(`secrets ${[...secrets].join(', ')} stay in secrets.age, unused (\`kotadc secrets list\`)`)
  return {nextDeploy, byHand}
}
