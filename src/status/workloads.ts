import type {ContainerWorkload, Inventory, PostgresWorkload, VmWorkload, Workload} from '../inventory/model.js'
import {isRunning} from '../vms/live.js'
import type {HostProbe, ProbeRequest} from './host-probe.js'
import type {AgencyStatus, WorkloadStatus} from './model.js'

/** What each host must be asked for its workloads: docker on docker hosts, PostgreSQL on database hosts, published ports. */
export function probeRequests(inv: Inventory): Map<string, ProbeRequest> {
  const out = new Map<string, ProbeRequest>(inv.hosts.map((h) => [h.name, {docker: false, postgres: false, ports: []}]))
  const add = (host: string, change: (r: ProbeRequest) => ProbeRequest): void => {
    const r = out.get(host)
    if (r) out.set(host, change(r))
  }
  for (const w of inv.workloads) {
    if (w.kind === 'container') add(w.host, (r) => ({...r, docker: true, ports: w.port === undefined ? r.ports : [...new Set([...r.ports, w.port])]}))
    else if (w.kind === 'postgres') add(w.host, (r) => ({...r, postgres: true}))
  }
  return out
}

/** A host's answer: its probe, or undefined when it could not be asked (its workloads are then `unknown`). */
export type ProbeOf = (host: string) => HostProbe | undefined

/** A hypervisor's domains (name → virsh state, `running`, `shut off`, ...) or why libvirt did not answer. */
export type LibvirtAnswer = {ok: true; domains: ReadonlyMap<string, string>} | {ok: false; error: string}
/** Undefined when the hypervisor could not be asked. */
export type LibvirtOf = (hypervisor: string) => LibvirtAnswer | undefined

const unknownOn = (host: string): Pick<WorkloadStatus, 'state' | 'detail'> => ({state: 'unknown', detail: `${host} could not be asked`})

function containerStatus(w: ContainerWorkload, probe: HostProbe | undefined): WorkloadStatus {
  const base = {name: w.name, agency: w.agency, kind: 'container' as const, host: w.host}
  if (!probe) return {...base, ...unknownOn(w.host)}
  const port = w.port === undefined ? {} : {port: {port: w.port, answering: probe.ports.get(w.port) === true}}
  if (!probe.docker) return {...base, state: 'unknown', detail: 'docker was not asked'}
  if (!probe.docker.ok) return {...base, state: 'unknown', detail: `docker did not answer: ${probe.docker.error}`}
  const state = probe.docker.containers.get(w.name)
  if (state === undefined) return {...base, state: 'not-deployed', detail: `no such container on ${w.host}`, ...port}
  return state === 'running' ? {...base, state: 'running', ...port} : {...base, state: 'stopped', detail: `container is ${state}`, ...port}
}

function databaseStatus(w: PostgresWorkload, probe: HostProbe | undefined): WorkloadStatus {
  const base = {name: w.name, agency: w.agency, kind: 'database' as const, host: w.host}
  if (!probe) return {...base, ...unknownOn(w.host)}
  if (!probe.postgres) return {...base, state: 'unknown', detail: 'PostgreSQL was not asked'}
  if (!probe.postgres.ok) return {...base, state: 'stopped', detail: `PostgreSQL did not answer: ${probe.postgres.error}`}
  const have = probe.postgres.databases
  const missing = w.databases.filter((d) => !have.has(d))
  return missing.length === 0
    ? {...base, state: 'running'}
    : {...base, state: 'not-deployed', detail: `PostgreSQL has no database ${missing.join(', ')}`}
}

/** VMs: their state as libvirt on their hypervisor reports it (the vms capability's own gathering, services/vms/virsh.ts). */
function vmStatus(w: VmWorkload, libvirt: LibvirtAnswer | undefined): WorkloadStatus {
  const base = {name: w.name, agency: w.agency, kind: 'vm' as const, host: w.hypervisor ?? null}
  if (!w.hypervisor) return {...base, state: 'unknown', detail: 'no hypervisor is named or placed for it'}
  if (!libvirt) return {...base, ...unknownOn(w.hypervisor)}
  if (!libvirt.ok) return {...base, state: 'unknown', detail: `libvirt did not answer: ${libvirt.error}`}
  const state = libvirt.domains.get(w.name)
  if (state === undefined) return {...base, state: 'not-deployed', detail: `no such domain on ${w.hypervisor}`}
  return isRunning({state}) ? {...base, state: 'running'} : {...base, state: 'stopped', detail: `domain is ${state}`}
}

export function workloadStatus(w: Workload, probeOf: ProbeOf, libvirtOf: LibvirtOf): WorkloadStatus {
  if (w.kind === 'container') return containerStatus(w, probeOf(w.host))
  if (w.kind === 'postgres') return databaseStatus(w, probeOf(w.host))
  return vmStatus(w, w.hypervisor === undefined ? undefined : libvirtOf(w.hypervisor))
}

/** Every agency with its workloads' states, in inventory order. */
export const agencyStatuses = (inv: Inventory, probeOf: ProbeOf, libvirtOf: LibvirtOf): AgencyStatus[] =>
  inv.agencies.map((a) => ({
    code: a.code,
    name: a.name,
    workloads: inv.workloads.filter((w) => w.agency === a.code).map((w) => workloadStatus(w, probeOf, libvirtOf)),
  }))
