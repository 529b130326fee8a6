import type {Inventory} from '../../inventory/model.js'
import type {PhaseReport, PhaseStatus, SiteDeps, SiteOptions} from '../deploy/context.js'
import {errorJson} from '../deploy/context.js'
import type {Phase} from '../deploy/phases.js'
import {vmsPhase} from './phase.js'

/** The vms phase as plan, drift and deploy report it; `inventory` carries new VMs' pins to the phases after it. */
export async function runVmsPhase(
  phase: Phase,
  inv: Inventory,
  opts: SiteOptions,
  deps: Pick<SiteDeps, 'vms'>,
  check: boolean,
): Promise<{report: PhaseReport; inventory: Inventory}> {
  try {
    const r = await vmsPhase(
      inv,
      {
        check,
        restartVms: opts.restartVms ?? false,
        limit: opts.limit,
        environ: opts.environ,
        cwd: opts.cwd,
        ...(opts.onProgress ? {onProgress: opts.onProgress} : {}),
      },
      deps.vms,
    )
    const hv = r.hypervisors
    const failed = hv.find((h) => h.errors.length > 0)
    const acted = hv.some((h) => h.actions.length > 0)
    const status: PhaseStatus = hv.length === 0 ? 'skipped' : failed ? 'failed' : acted ? (check ? 'changes' : 'changed') : 'unchanged'
    const report: PhaseReport = {
      name: phase.name,
      kind: 'vms',
      status,
      ...(status === 'skipped' ? {reason: 'no hypervisor selected'} : {}),
      ...(failed?.errors[0] ? {error: failed.errors[0]} : {}),
      vms: hv,
    }
    return {report, inventory: r.inventory}
  } catch (e) {
    return {report: {name: phase.name, kind: 'vms', status: 'failed', error: errorJson(e), vms: []}, inventory: inv}
  }
}
