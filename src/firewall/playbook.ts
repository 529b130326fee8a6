import type {Host, Inventory} from '../inventory/model.js'
import {buildHostRuleset} from './nftables.js'
import {renderRuleset} from './nftables-render.js'
import type {FirewallGuard} from './rollback-guard.js'
import {firewallGuard} from './rollback-guard.js'
import {parseTaskArgs} from '../tasks/registry.js'
import {playbookErrors} from '../errors/playbook.js'
import type {Playbook, PlaybookTask} from '../playbooks/model.js'

export const FIREWALL_PLAYBOOK = 'firewall'
export const RULESET_DIR = '/etc/kotadc/nftables'
export const RULESET_PATH = `${RULESET_DIR}/kotadc.nft`
/** A copy of the ruleset as last loaded and confirmed over a fresh connection. */
export const CONFIRMED_PATH = `${RULESET_DIR}/kotadc.nft.confirmed`
/** `nft -j list table inet kotadc` right after that confirm: the table as kotadc loaded it, which drift compares with. */
export const LOADED_LISTING_PATH = `${RULESET_DIR}/kotadc.loaded.json`
/** `vars.firewallConfirmSeconds` on a host sets how long a new ruleset waits for its confirmation. */
export const CONFIRM_SECONDS_VAR = 'firewallConfirmSeconds'

function task(name: string, type: string, raw: Record<string, unknown>, tags: string[]): PlaybookTask {
  const parsed = parseTaskArgs(type, raw)
  if (!parsed.ok) throw playbookErrors.builtinInvalid(FIREWALL_PLAYBOOK, `${name}: ${parsed.issues.map((i) => i.message).join('; ')}`)
  return {name, type: parsed.value.type, task: parsed.value.task, args: parsed.value.args, tags, notify: []}
}

/**
 * Tasks for one host: nftables and the host's ruleset file, checked with `nft -c` before it replaces the staged one.
 * They stage, never load: loading goes through firewallApplyGuard, whose confirm needs a fresh SSH connection.
 */
export function firewallTasks(inv: Inventory, host: Host): PlaybookTask[] {
  // A VM's ruleset would have to know what its own services listen on, which the inventory does not say: its
  // owner's policy stays, and kotadc loads nothing there.
  if (host.vm) return []
  return [
    task('nftables package', 'package', {names: ['nftables']}, ['firewall', 'packages']),
    task(`ruleset directory ${RULESET_DIR}`, 'directory', {path: RULESET_DIR, owner: 'root', group: 'root', mode: '0750'}, ['firewall']),
    task(
      `ruleset ${RULESET_PATH}`,
      'file',
      {path: RULESET_PATH, content: renderRuleset(buildHostRuleset(inv, host)), owner: 'root', group: 'root', mode: '0640', validate: 'nft -c -f %s'},
      ['firewall'],
    ),
  ]
}

/** The confirm-or-rollback commands that load the staged ruleset (see firewall/rollback-guard.ts). */
export const firewallApplyGuard = (token: string, seconds?: number): FirewallGuard =>
  firewallGuard({
    token,
    ruleset: RULESET_PATH,
    confirmed: {copy: CONFIRMED_PATH, listing: LOADED_LISTING_PATH},
    ...(seconds === undefined ? {} : {seconds}),
  })

/** Built-in playbook `firewall` for every host (each host's own input policy); stages and checks the ruleset. */
export function firewallPlaybook(): Playbook {
  return {name: FIREWALL_PLAYBOOK, targets: ['all'], vars: {}, tasksFor: firewallTasks, handlersFor: () => []}
}
