import type {OnboardResult} from '../../services/onboard/add.js'
import type {ClosingPlan} from '../../services/onboard/closing-plan.js'
import type {RemoveResult} from '../../services/onboard/remove.js'
import type {Painter} from '../style.js'
import {renderPlan} from './plan.js'

/** The `--json` contract of `agency add`, `workload add` and `onboard`: what was written, the closing plan and next steps. */
export interface OnboardCommandResult extends OnboardResult {
  plan: ClosingPlan
  nextSteps: string[]
}

/** Human form: what was written and computed (never a secret value), the agency's plan, and what to do next. */
export function renderOnboard(r: OnboardCommandResult, paint: Painter): string {
  const lines = [paint('green', `${r.agencyCreated ? 'created' : 'changed'} ${r.file}${r.agencyCreated ? ` (agency ${r.agency})` : ''}`)]
  for (const w of r.workloads) {
    lines.push(`  workload ${paint('bold', w.name)} from template ${w.template}: ${w.entries.join(', ')}`)
    for (const [k, v] of Object.entries(w.values)) lines.push(`    ${k}: ${String(v)}${w.computed.includes(k) ? paint('dim', ' (computed)') : ''}`)
  }
  for (const s of r.secrets)
    lines.push(
      `  secret ${s.name}: ${s.action === 'generated' ? `new random value in ${r.secretsFile ?? 'secrets.age'} (not shown)` : 'kept the value secrets.age already had'}`,
    )
  lines.push('')
  if (r.plan.ran) lines.push(paint('bold', `plan --limit ${r.plan.limit}:`), renderPlan(r.plan.result, paint))
  else lines.push(paint('dim', `no plan: ${r.plan.reason}`))
  lines.push('', paint('bold', 'next steps:'), ...r.nextSteps.map((s, i) => `  ${i + 1}. ${s}`))
  return lines.join('\n')
}

/** Human form of `workload remove`: what was taken out, what the next deploy removes and what is left by hand. */
export function renderRemove(r: RemoveResult, paint: Painter): string {
  const lines = [paint('green', `removed ${r.removed.join(', ')} from ${r.file}`)]
  if (r.backups) for (const b of r.backups) lines.push(`  backup of ${b.workload}: ${b.status} (policy ${b.policy}, ${b.rpoHours} h)`)
  else lines.push(paint('yellow', '  no backup check (nothing holds data, or --without-final-backup)'))
  if (r.nextDeploy.length) lines.push('', paint('bold', 'the next deploy removes:'), ...r.nextDeploy.map((s) => `  - ${s}`))
  if (r.byHand.length) lines.push('', paint('bold', 'left for you to remove by hand:'), ...r.byHand.map((s) => `  - ${s}`))
  return lines.join('\n')
}
