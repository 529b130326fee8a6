import type {Inventory} from '../inventory/model.js'
import {SitePlanCommand} from '../cli/site-plan-command.js'
import type {SiteDeps, SiteOptions} from '../services/deploy/context.js'
import {planSite, type PlanResult} from '../services/plan.js'
import {reaching} from '../cli/reach.js'

export default class Plan extends SitePlanCommand {
  static override description = reaching(
    'hosts',
    'show what deploy would change: playbooks in check mode and the stacks’ terraform plans (exit 0 none, 2 changes, 3 failure)',
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --env lab --phase base --phase docker-hosts --json',
    '<%= config.bin %> <%= command.id %> --limit agency:dinkes --phase containers',
  ]

  protected readonly kind = 'plan'
  protected compute(inv: Inventory, opts: SiteOptions, deps: SiteDeps): Promise<PlanResult> {
    return planSite(inv, opts, deps)
  }
}
