import {deployErrors} from '../../errors/deploy.js'

export type PhaseKind = 'playbook' | 'stacks'

/** One step of a deploy. Playbook phases name a built-in playbook; stacks phases name a family of Terraform stacks. */
export interface Phase {
  name: string
  kind: PhaseKind
  /** Built-in playbook (kind playbook) or stack family (kind stacks) the phase runs. */
  runs: string
}

/**
 * Every phase in dependency order: hosts get their base configuration, docker hosts get a docker daemon the
 * terraform docker provider can reach, then the container stacks. Later issues append dns, proxy, firewall, backup.
 */
export const PHASES: readonly Phase[] = [
  {name: 'base', kind: 'playbook', runs: 'base'},
  {name: 'docker-hosts', kind: 'playbook', runs: 'docker-host'},
  {name: 'containers', kind: 'stacks', runs: 'docker'},
  {name: 'dns', kind: 'playbook', runs: 'dns'},
  {name: 'proxy', kind: 'playbook', runs: 'proxy'},
  {name: 'firewall', kind: 'playbook', runs: 'firewall'},
  {name: 'backups', kind: 'playbook', runs: 'backup'},
]

/** The phases `--phase` selects (all when none), always in dependency order whatever order the flags came in. */
export function selectPhases(names: readonly string[] = [], phases: readonly Phase[] = PHASES): Phase[] {
  const known = phases.map((p) => p.name)
  for (const n of names) if (!known.includes(n)) throw deployErrors.phaseUnknown(n, known)
  return names.length === 0 ? [...phases] : phases.filter((p) => names.includes(p.name))
}
