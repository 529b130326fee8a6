import {createHash} from 'node:crypto'
import {mkdir, rm, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {dockerCli, type DockerContainer, type DockerEngine} from '../../exec/docker.js'
import type {Inventory} from '../../inventory/model.js'
import {
  knownHostsLine,
  LAB_CAPABILITIES,
  LAB_HYPERVISOR,
  LAB_LABEL,
  labOverlay,
  planLab,
  renderLabOverlay,
  type LabHost,
  type LabNetwork,
} from '../../lab/plan.js'
import {dockerErrors} from '../../errors/docker.js'
import {labError} from '../../errors/lab.js'
import {ensureGuestImage, ensureLabImage, type LabGuestImage, type LabImageVariant} from './image.js'
import {ensureKeyPair, sshFingerprint} from './keys.js'
import {probeKvm, type LabKvm} from './kvm.js'
import {labPaths} from './paths.js'
import {waitForSsh} from './probe.js'

/** Label holding a hash of everything a container was created from; a mismatch means recreate. */
export const LAB_CONFIG_LABEL = 'kotadc.lab.config'
/** Where kotadc-lab-init (scripts/lab/image) picks up the host key and authorized_keys. */
const INJECT_DIR = '/etc/kotadc-lab'

export interface LabUpOptions {
  /** /16 the lab subnets come from (default 172.30.0.0/16). */
  pool?: string
  /** Replaces `<inventory>/../.kotadc/lab`. */
  stateDir?: string
  /** Use this image instead of building/reusing the one scripts/lab/build-image.sh makes. */
  image?: string
  sshWaitMs?: number
  onProgress?: (line: string) => void
}

export interface LabDeps {
  docker: DockerEngine
  ensureImage: (onProgress: (line: string) => void, variant?: LabImageVariant) => Promise<string>
  ensureGuestImage: (onProgress: (line: string) => void) => Promise<LabGuestImage>
  probeKvm: (kernel: string) => Promise<LabKvm>
}

export const defaultLabDeps = (): LabDeps => ({docker: dockerCli(), ensureImage: ensureLabImage, ensureGuestImage, probeKvm})

/** `restarted`: the container ran but its sshd did not answer (it died or was stopped), so its init ran again. */
export type LabHostAction = 'created' | 'recreated' | 'started' | 'restarted' | 'kept'

export interface LabUpResult {
  site: string
  image: string
  /** The hypervisor image, when the inventory has hosts with role hypervisor. */
  hypervisorImage?: string
  /** The VM guest image every declared image stands for in the lab, when the inventory has VMs or hypervisors. */
  guestImage?: LabGuestImage
  /** Whether lab hypervisors run guests with KVM or TCG, and why (when the inventory has hypervisors). */
  kvm?: LabKvm
  networks: {name: string; dockerName: string; subnet: string; gateway: string}[]
  hosts: {name: string; container: string; address: string; port: number; hostKey: string; action: LabHostAction}[]
  /** Containers removed because their host left the inventory. */
  removed: string[]
  overlay: string
  identityFile: string
  knownHosts: string
}

/** What a lab hypervisor container may do: LAB_HYPERVISOR, with /dev/kvm only when the probe booted a kernel under it. */
const hypervisorRights = (kvm: LabKvm | undefined) => ({
  capAdd: [...new Set([...LAB_CAPABILITIES, ...LAB_HYPERVISOR.capabilities])],
  devices: [...LAB_HYPERVISOR.devices, ...(kvm?.usable ? [LAB_HYPERVISOR.kvmDevice] : [])],
  securityOpts: LAB_HYPERVISOR.securityOpts,
})

const configHash = (parts: unknown): string => createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16)

// A running container whose sshd is silent this long is restarted (its init starts sshd); a busy one answers sooner.
const KEPT_SSH_WAIT_MS = 10_000

// Positional arguments only: a directory name never becomes shell text.
const STAND_IN_SCRIPT =
  'for d do mkdir -p -- "$d" && { [ -e "$d/LAB-STAND-IN" ] || echo "kotadc lab: stand-in for a docker volume (no docker daemon runs in the lab)" > "$d/LAB-STAND-IN"; } || exit 1; done'

/** The docker volumes' data directories the containers phase would create on the site (see LabHost.volumeDirs). */
async function createVolumeStandIns(docker: DockerEngine, hosts: readonly LabHost[], progress: (line: string) => void): Promise<void> {
  for (const h of hosts) {
    if (h.volumeDirs.length === 0) continue
    progress(`host ${h.name}: ${h.volumeDirs.length} docker volume director${h.volumeDirs.length === 1 ? 'y' : 'ies'} (lab stand-ins)`)
    await docker.exec(h.container, ['sh', '-c', STAND_IN_SCRIPT, 'sh', ...h.volumeDirs])
  }
}

/** Start every inventory host as a lab container (idempotent) and write the `lab` overlay. */
export async function labUp(inv: Inventory, opts: LabUpOptions = {}, deps: LabDeps = defaultLabDeps()): Promise<LabUpResult> {
  const progress = opts.onProgress ?? (() => {})
  const layout = planLab(inv, opts.pool === undefined ? {} : {pool: opts.pool})
  const {docker} = deps
  if ((await docker.serverVersion()) === undefined) throw dockerErrors.unavailable('`docker version` reached no server')
  const image = opts.image ?? (await deps.ensureImage(progress))
  const hypervisorImage = layout.hosts.some((h) => h.hypervisor) ? await deps.ensureImage(progress, 'hypervisor') : undefined
  const guestImage = layout.vms.length > 0 || hypervisorImage ? await deps.ensureGuestImage(progress) : undefined
  const kvm = hypervisorImage && guestImage ? await deps.probeKvm(`${guestImage.file}.vmlinuz`) : undefined
  if (kvm) progress(`lab hypervisors run guests with ${kvm.usable ? 'KVM' : 'TCG (software emulation)'}: ${kvm.reason}`)
  const imageOf = (host: LabHost): string => (host.hypervisor && hypervisorImage ? hypervisorImage : image)
  const paths = labPaths(inv.root, layout.site, opts.stateDir)

  const userKey = await ensureKeyPair(paths.identityFile, `kotadc-lab@${layout.site}`)
  const hostKeys: Record<string, string> = {}
  const wanted = new Map<string, {host: LabHost; net: LabNetwork; hash: string}>()
  for (const host of layout.hosts) {
    const dir = paths.hostDir(host.name)
    const hostKey = await ensureKeyPair(join(dir, 'ssh_host_ed25519_key'), `${host.name}@kotadc-lab`)
    await writeFile(join(dir, 'authorized_keys'), `${userKey}\n`, {mode: 0o600})
    const noKvm = host.hypervisor && kvm && !kvm.usable ? kvm.reason : undefined
    if (noKvm) await writeFile(join(dir, 'no-kvm'), `${noKvm}\n`)
    else await rm(join(dir, 'no-kvm'), {force: true})
    hostKeys[host.name] = hostKey
    const net = layout.networks.find((n) => n.name === host.network)
    if (!net) throw new Error(`planLab placed ${host.name} on unknown network ${host.network}`)
    // Volume stand-ins are made in place on every `lab up`: a workload gaining a volume must not recreate its host.
    const {volumeDirs: _inPlace, ...identity} = host
    const hash = configHash({
      image: imageOf(host),
      net: [net.dockerName, net.subnet, net.gateway],
      host: identity,
      hostKey,
      userKey,
      rights: host.hypervisor ? hypervisorRights(kvm) : LAB_CAPABILITIES,
      noKvm,
    })
    wanted.set(host.container, {host, net, hash})
  }

  const site = `${LAB_LABEL}=${layout.site}`
  const existing = await docker.containers(site)
  const byName = new Map<string, DockerContainer>(existing.map((c) => [c.name, c]))
  const removed: string[] = []
  for (const c of existing) {
    const want = wanted.get(c.name)
    if (want && c.labels[LAB_CONFIG_LABEL] === want.hash) continue
    progress(`${want ? 'recreating' : 'removing'} container ${c.name}${want ? ' (its configuration changed)' : ' (host left the inventory)'}`)
    await docker.remove(c.name)
    byName.delete(c.name)
    if (!want) removed.push(c.name)
  }

  const nets = await docker.networks(site)
  for (const n of nets) {
    const want = layout.networks.find((w) => w.dockerName === n.name)
    if (want && want.subnet === n.subnet && want.gateway === n.gateway) continue
    progress(`removing network ${n.name}`)
    await docker.removeNetwork(n.name)
  }
  const present = new Set(
    nets.filter((n) => layout.networks.some((w) => w.dockerName === n.name && w.subnet === n.subnet && w.gateway === n.gateway)).map((n) => n.name),
  )
  for (const n of layout.networks) {
    if (present.has(n.dockerName)) continue
    progress(`creating network ${n.dockerName} ${n.subnet}`)
    await docker.createNetwork({name: n.dockerName, subnet: n.subnet, gateway: n.gateway, labels: n.labels})
  }

  const hosts: LabUpResult['hosts'] = []
  for (const {host, hash} of wanted.values()) {
    const current = byName.get(host.container)
    let action: LabHostAction = 'kept'
    if (!current) {
      action = existing.some((c) => c.name === host.container) ? 'recreated' : 'created'
      progress(`host ${host.name}: creating ${host.container} at ${host.address}`)
      await docker.createContainer({
        name: host.container,
        hostname: host.name,
        image: imageOf(host),
        network: host.dockerNetwork,
        address: host.address,
        labels: {...host.labels, [LAB_CONFIG_LABEL]: hash},
        ...(host.hypervisor ? hypervisorRights(kvm) : {capAdd: LAB_CAPABILITIES}),
      })
      for (const u of host.uplinks) await docker.connect(host.container, u.dockerNetwork, u.address)
      await docker.copyInto(host.container, paths.hostDir(host.name), INJECT_DIR)
      await docker.start(host.container)
    } else if (current.state !== 'running') {
      action = 'started'
      progress(`host ${host.name}: starting ${host.container}`)
      await docker.start(host.container)
    } else if ((await waitForSsh(host.address, host.port, KEPT_SSH_WAIT_MS)) === undefined) {
      action = 'restarted'
      progress(`host ${host.name}: sshd does not answer; restarting ${host.container}`)
      await docker.restart(host.container)
    }
    hosts.push({
      name: host.name,
      container: host.container,
      address: host.address,
      port: host.port,
      hostKey: sshFingerprint(hostKeys[host.name] ?? ''),
      action,
    })
  }

  progress(`waiting for sshd on ${hosts.length} host${hosts.length === 1 ? '' : 's'}`)
  await Promise.all(
    hosts.map(async (h) => {
      if ((await waitForSsh(h.address, h.port, opts.sshWaitMs ?? 30_000)) === undefined) {
        throw labError.sshdNotAnswering(h.name, h.container, h.address, await docker.logs(h.container))
      }
    }),
  )

  await createVolumeStandIns(docker, layout.hosts, progress)

  const known = layout.hosts.map((h) => knownHostsLine(h.address, h.port, hostKeys[h.name] ?? '')).join('\n')
  await writeFile(paths.knownHosts, `${known}\n`, {mode: 0o644})
  const overlay = labOverlay(inv, layout, {
    identityFile: paths.identityFile,
    knownHosts: paths.knownHosts,
    hostKeys: Object.fromEntries(hosts.map((h) => [h.name, h.hostKey])),
    ...(guestImage ? {guestImage: {file: basename(guestImage.file), source: guestImage.file, sha256: guestImage.sha256}} : {}),
  })
  await mkdir(dirname(paths.overlay), {recursive: true})
  await writeFile(paths.overlay, renderLabOverlay(layout.site, overlay))
  progress(`wrote ${paths.overlay}; select it with --env lab`)

  return {
    site: layout.site,
    image,
    ...(hypervisorImage ? {hypervisorImage} : {}),
    ...(guestImage ? {guestImage} : {}),
    ...(kvm ? {kvm} : {}),
    networks: layout.networks.map((n) => ({name: n.name, dockerName: n.dockerName, subnet: n.subnet, gateway: n.gateway})),
    hosts,
    removed,
    overlay: paths.overlay,
    identityFile: paths.identityFile,
    knownHosts: paths.knownHosts,
  }
}
