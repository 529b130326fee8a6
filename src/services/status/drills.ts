import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'
import type {Inventory} from '../../inventory/model.js'
import type {WorkloadDrill} from '../backup/drill.js'
import {DRILLS_DIR} from '../backup/drill.js'
import {repoRootOf} from '../run-playbook.js'

export interface LastDrill {
  at: string
  passed: boolean
}

/**
 * The newest restore drill of each workload of this site, from the evidence records `kotadc backup drill` writes
 * (one JSON file per workload and run under .kotadc/drills/). A file that is not a drill record is skipped.
 */
export async function lastDrills(inv: Inventory, cwd: string): Promise<Map<string, LastDrill>> {
  const dir = path.join(repoRootOf(inv, cwd), DRILLS_DIR)
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json'))
  } catch {
    return new Map()
  }
  const out = new Map<string, LastDrill>()
  for (const name of names) {
    let d: Partial<WorkloadDrill>
    try {
      d = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Partial<WorkloadDrill>
    } catch {
      continue
    }
    if (d.site !== inv.site.name || typeof d.workload !== 'string' || typeof d.at !== 'string') continue
    const seen = out.get(d.workload)
    if (!seen || Date.parse(d.at) > Date.parse(seen.at)) out.set(d.workload, {at: d.at, passed: d.outcome === 'passed'})
  }
  return out
}
