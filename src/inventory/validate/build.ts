import type {SourceLocation} from '../../errors/ops-error.js'
import type {Agency, BackupPolicy, Host, Inventory, Network, Site, TerraformSettings, VmImage, Workload} from '../model.js'
import {fieldRef, type Entry, type Locator, type RawInventory} from './raw.js'

const CONNECTION_FIELD = /^(address|hostKey|ssh)(\.|$)/

/**
 * The typed Inventory from a RawInventory that passed validation (so the casts hold),
 * with defaults filled in and every named object carrying its `at` location.
 */
export function buildInventory(raw: RawInventory, opts: {root: string; env?: string; placements: Map<string, string>; loc: Locator}): Inventory {
  const at = (e: Entry): SourceLocation => opts.loc(e.ref)
  const plain = <T>(e: Entry): T => ({...e.v, at: at(e)}) as T
  const siteV = (raw.site?.v ?? {}) as unknown as Site
  const site: Site = {...siteV, ssh: {...siteV.ssh, port: siteV.ssh?.port ?? 22}, admins: siteV.admins ?? []}
  const tf = (raw.terraform?.v ?? {}) as unknown as TerraformSettings
  const terraform: TerraformSettings = {...tf, binary: tf.binary ?? 'terraform'}
  const networks = raw.networks.map((e) => plain<Network>(e))
  const backupPolicies = raw.policies.map((e) => plain<BackupPolicy>(e))
  const images = raw.images.map((e): VmImage => {
    const i = plain<VmImage>(e)
    return {...i, format: i.format ?? 'qcow2'}
  })
  const hosts = raw.hosts.map((e): Host => {
    const h = plain<Host>(e)
    // An overlay that changed how kotadc reaches the host (the lab's does) is where a connection error's fix belongs.
    const overlaid = [...e.over.entries()].find(([k]) => CONNECTION_FIELD.test(k))?.[1]
    const connectionAt = overlaid ? opts.loc({file: overlaid.file, path: overlaid.path.slice(0, 2)}) : h.at
    return {...h, addressAt: opts.loc(fieldRef(e, 'address')), connectionAt, vars: h.vars ?? {}}
  })
  const agencies = raw.agencies.map((e) => plain<Agency>(e))
  const workloads = raw.workloads.map((e): Workload => {
    const w = {...plain<Workload>(e), agency: e.agency ?? ''}
    if (w.kind === 'container') return {...w, env: w.env ?? {}, secrets: w.secrets ?? [], volumes: w.volumes ?? []}
    const placed = w.kind === 'vm' && w.hypervisor === undefined ? opts.placements.get(w.name) : undefined
    return w.kind === 'vm' && placed ? {...w, hypervisor: placed, placed: true} : w
  })
  return {
    schemaVersion: 1,
    root: opts.root,
    ...(opts.env === undefined ? {} : {env: opts.env}),
    site,
    networks,
    terraform,
    backupPolicies,
    images,
    hosts,
    agencies,
    workloads,
    ...(raw.fence ? {fence: {networks: raw.fence.networks, at: opts.loc(raw.fence.ref)}} : {}),
  }
}
