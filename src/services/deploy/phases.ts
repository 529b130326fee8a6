import {deployErrors} from '../../errors/deploy.js'

export type PhaseKind = 'playbook' | 'stacks' | 'vms'

/** One step of a deploy. Playbook phases name a built-in playbook; stacks phases name a family of Terraform stacks; the vms phase is libvirt's. */
export interface Phase {
  name: string
  kind: PhaseKind
  /** Built-in playbook (kind playbook, services/builtin-playbooks.ts) or stack family (kind stacks) the phase runs. */
  runs: string
  /** What the phase does, for the help texts and the README's phase table (a test keeps them equal). */
  summary: string
}

/**
 * Every phase in dependency order: hypervisors get libvirt, then VMs are created on them (they are hosts for every
 * phase after), hosts get their base configuration, docker hosts get a docker daemon the
 * terraform docker provider can reach, database hosts their roles and databases (apps need them first), then the container stacks, then what citizens reach them through, then
 * backups. `deploy`, `plan` and `drift` run these; `--phase` offers these names.
 */
export const PHASES: readonly Phase[] = [
  {
    name: 'hypervisors',
    kind: 'playbook',
    runs: 'hypervisor',
    summary: 'the `hypervisor` playbook on hosts with role hypervisor: libvirt and QEMU, the storage pool, a bridge per VM network, libvirtd',
  },
  {
    name: 'vms',
    kind: 'vms',
    runs: 'vms',
    summary:
      'VMs on the hypervisors (libvirt over SSH): images by sha256, disks, first-boot seed with a pinned host key, definition, autostart, start; orphans reported, never touched',
  },
  {
    name: 'base',
    kind: 'playbook',
    runs: 'base',
    summary: 'the `base` playbook on every host: packages, admin accounts, sshd hardening, time zone, sysctl',
  },
  {
    name: 'docker-hosts',
    kind: 'playbook',
    runs: 'docker-host',
    summary: 'the `docker-host` playbook on hosts with role docker: docker, its daemon.json, the login user in group docker',
  },
  {
    name: 'databases',
    kind: 'playbook',
    runs: 'databases',
    summary:
      'the `databases` playbook on hosts with role database: PostgreSQL, a login role and databases per postgres workload, pg_hba.conf; never drops',
  },
  {name: 'containers', kind: 'stacks', runs: 'docker', summary: "one Terraform stack per docker host: the workloads' containers"},
  {
    name: 'dns',
    kind: 'playbook',
    runs: 'dns',
    summary: "the `dns` playbook on hosts with role dns: BIND 9 with the site's forward and reverse zones",
  },
  {
    name: 'proxy',
    kind: 'playbook',
    runs: 'proxy',
    summary: 'the `proxy` playbook: certificates from the site CA and an nginx vhost per workload domain',
  },
  {
    name: 'firewall',
    kind: 'playbook',
    runs: 'firewall',
    summary: 'the `firewall` playbook on every host: nftables, loaded under a confirm-or-rollback guard',
  },
  {
    name: 'backups',
    kind: 'playbook',
    runs: 'backup',
    summary: 'the `backup` playbook: restic, keys, scripts and timers on sources; repositories on backup hosts',
  },
]

/** `base, docker-hosts, ...`: the phase names in order, for help texts. */
export const PHASE_LIST = PHASES.map((p) => p.name).join(', ')

/** The phases `--phase` selects (all when none), always in dependency order whatever order the flags came in. */
export function selectPhases(names: readonly string[] = [], phases: readonly Phase[] = PHASES): Phase[] {
  const known = phases.map((p) => p.name)
  for (const n of names) if (!known.includes(n)) throw deployErrors.phaseUnknown(n, known)
  return names.length === 0 ? [...phases] : phases.filter((p) => names.includes(p.name))
}
