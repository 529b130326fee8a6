import type {Inventory} from '../inventory/model.js'
import {SitePlanCommand} from '../cli/site-plan-command.js'
import type {SiteDeps, SiteOptions} from '../services/deploy/context.js'
import {driftSite} from '../services/drift.js'
import type {PlanResult} from '../services/plan.js'
import {reaching} from '../cli/reach.js'

export default class Drift extends SitePlanCommand {
  static override description = reaching(
    'hosts',
    'find changes made outside kotadc: refresh-only terraform plans and playbooks in check mode (exit 0 none, 2 drift, 3 failure)',
  )
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --phase containers --limit docker1 --json']

  protected readonly kind = 'drift'
  protected compute(inv: Inventory, opts: SiteOptions, deps: SiteDeps): Promise<PlanResult> {
    return driftSite(inv, opts, deps)
  }
}
