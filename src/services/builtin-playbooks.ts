import {basePlaybook} from '../base/playbook.js'
import {dockerHostPlaybook} from '../docker-host/playbook.js'
import {hypervisorPlaybook} from '../hypervisor/playbook.js'
import type {Playbook} from '../playbooks/model.js'
import {backupPrepared} from './backup/deploy-phase.js'
import {databasesPrepared} from './databases/prepared.js'
import type {PreparedPlaybook} from './deploy/prepared-playbooks.js'
import {dnsPrepared} from './dns/prepared.js'
import {firewallPrepared} from './firewall/prepared.js'
import {proxyPrepared} from './proxy/prepared.js'

/**
 * A built-in playbook: a pure function of the inventory (`build`), or one that reads live state before it runs
 * (`prepared`: zone serials, certificates, keys), which only a deploy phase can give it.
 */
export type BuiltinPlaybook = {name: string} & ({build: () => Playbook} | {prepared: PreparedPlaybook})

/**
 * The one registry of built-in playbooks: `kotadc run`, the deploy phases (deploy, plan, drift) and the help texts
 * read it, so a new built-in is added here and nowhere else (its phase goes into deploy/phases.ts).
 */
export const BUILTIN_PLAYBOOKS: readonly BuiltinPlaybook[] = [
  {name: 'hypervisor', build: hypervisorPlaybook},
  {name: 'base', build: basePlaybook},
  {name: 'docker-host', build: dockerHostPlaybook},
  {name: 'databases', prepared: databasesPrepared},
  {name: 'dns', prepared: dnsPrepared},
  {name: 'proxy', prepared: proxyPrepared},
  {name: 'firewall', prepared: firewallPrepared},
  {name: 'backup', prepared: backupPrepared},
]

export const builtinPlaybook = (name: string): BuiltinPlaybook | undefined => BUILTIN_PLAYBOOKS.find((b) => b.name === name)

/** Built-ins `kotadc run` can run by name: those that need no live state. */
export const RUNNABLE_BUILTINS: readonly string[] = BUILTIN_PLAYBOOKS.filter((b) => 'build' in b).map((b) => b.name)

/** The registry in the shape the deploy phases take it (SiteDeps.playbooks and SiteDeps.prepared). */
export const PLAIN_BUILTINS: Readonly<Record<string, () => Playbook>> = Object.fromEntries(
  BUILTIN_PLAYBOOKS.flatMap((b) => ('build' in b ? [[b.name, b.build]] : [])),
)
export const PREPARED_BUILTINS: Readonly<Record<string, PreparedPlaybook>> = Object.fromEntries(
  BUILTIN_PLAYBOOKS.flatMap((b) => ('prepared' in b ? [[b.name, b.prepared]] : [])),
)
