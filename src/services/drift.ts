import type {Inventory} from '../inventory/model.js'
import type {SiteDeps, SiteOptions} from './deploy/context.js'
import type {PlanResult} from './plan.js'
import {planSite} from './plan.js'

/**
 * `kotadc drift`: what changed outside kotadc. Stacks run a refresh-only plan (terraform compares its state with
 * the docker hosts); playbook phases run in check mode (any change they would make is drift on the host).
 * Same contract and exit codes as plan: 2 means drift.
 */
export const driftSite = (inv: Inventory, opts: SiteOptions, deps: SiteDeps): Promise<PlanResult> => planSite(inv, opts, deps, {refreshOnly: true})
