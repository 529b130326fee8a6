import type {DestroyResult, PowerResult, VmRow} from '../../services/vms/commands.js'
import type {VmHypervisorReport} from '../../services/vms/phase.js'
import type {Painter} from '../style.js'
import {renderTable} from './table.js'

const dash = (v: string | number | null): string => (v === null ? '-' : String(v))

/** Human form of `kotadc vm list`: one row per domain; orphans (not in the inventory) are marked. */
export function renderVmList(rows: readonly VmRow[], paint: Painter): string {
  const table = renderTable<VmRow>(
    [
      {header: 'NAME', value: (r) => r.name},
      {header: 'AGENCY', value: (r) => dash(r.agency)},
      {header: 'HYPERVISOR', value: (r) => r.hypervisor},
      {header: 'STATE', value: (r) => r.state},
      {header: 'CPUS', value: (r) => dash(r.cpus), align: 'right'},
      {header: 'MEMORY', value: (r) => (r.memoryMiB === null ? '-' : `${r.memoryMiB} MiB`), align: 'right'},
      {header: 'DISK', value: (r) => (r.diskGiB === null ? '-' : `${r.diskGiB} GiB`), align: 'right'},
      {header: 'ADDRESS', value: (r) => dash(r.address)},
      {header: 'INVENTORY', value: (r) => (r.declared ? 'yes' : 'ORPHAN')},
    ],
    rows,
    paint,
  )
  const orphans = rows.filter((r) => !r.declared).length
  return orphans
    ? `${table}\n${paint('yellow', `${orphans} orphan${orphans === 1 ? '' : 's'}: not in the inventory; kotadc leaves them alone`)}`
    : table
}

export const renderPower = (results: readonly PowerResult[]): string =>
  results.map((r) => `${r.name} on ${r.hypervisor}: ${r.before} → ${r.after}`).join('\n')

export const renderDestroy = (r: DestroyResult): string =>
  `destroyed ${r.name} on ${r.hypervisor}; disk ${r.disk.volume} ${r.disk.deleted ? 'deleted' : 'kept (delete it with --delete-disk)'}`

/** The vms phase in plan, drift and deploy output: per hypervisor its actions, definition differences, restarts due, orphans. */
export function renderVmsPhase(hypervisors: readonly VmHypervisorReport[], paint: Painter): string[] {
  const lines: string[] = []
  for (const h of hypervisors) {
    lines.push(`    ${h.hypervisor}${h.virtType ? ` (${h.virtType})` : ''}:`)
    for (const a of h.actions) lines.push(`      ${paint('yellow', '~')} ${a}`)
    for (const d of h.diffs) {
      const before = new Set(d.before ?? [])
      const after = new Set(d.after)
      for (const l of d.before ?? []) if (!after.has(l)) lines.push(`          ${paint('red', `- ${l}`)}  ${paint('dim', d.vm)}`)
      for (const l of d.after) if (!before.has(l) && d.before) lines.push(`          ${paint('green', `+ ${l}`)}  ${paint('dim', d.vm)}`)
    }
    for (const v of h.vms.filter((x) => x.restartNeeded.length))
      lines.push(
        `      ${paint('magenta', 'restart needed')} ${v.name}: ${v.restartNeeded.join(', ')} (kotadc vm restart ${v.name}, or deploy --restart-vms)`,
      )
    for (const o of h.orphans)
      lines.push(
        `      ${paint('magenta', 'orphan')} ${o.name} (${o.state}${o.owner ? `, made by kotadc for ${o.owner}` : ''}): not in the inventory, left alone`,
      )
    for (const e of h.errors) lines.push(`      ${paint('red', '!')} ${e.message}  [${e.code}]`, ...(e.hint ? [`        fix: ${e.hint}`] : []))
  }
  return lines
}
