import {Problems} from '../../errors/problems.js'
import {firewallPlaybook, firewallTasks} from '../../firewall/playbook.js'
import type {PreparedPlaybook} from '../deploy/prepared-playbooks.js'
import {loadFirewalls} from './load.js'

/** `firewall`: stage and check every host's ruleset (the playbook), then load each under the confirm-or-rollback guard. */
export const firewallPrepared: PreparedPlaybook = {
  targets: ['all'],
  preflight: async (inv, ctx) => {
    const problems = new Problems()
    for (const h of inv.hosts.filter((x) => ctx.hosts.includes(x.name))) await problems.check(() => firewallTasks(inv, h))
    problems.throwIfAny()
  },
  prepare: async () => firewallPlaybook(),
  finish: (inv, result, ctx) => loadFirewalls(inv, result, ctx),
}
