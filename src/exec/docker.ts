import {dockerErrors} from '../errors/docker.js'
import {runLocal, tail, type LocalResult} from './local.js'

/** A container as docker reports it; `state` is docker's State.Status (created, running, exited, ...). */
export interface DockerContainer {
  id: string
  name: string
  state: string
  image: string
  labels: Record<string, string>
}

export interface DockerNetwork {
  id: string
  name: string
  subnet?: string
  gateway?: string
  labels: Record<string, string>
}

export interface NetworkSpec {
  name: string
  subnet: string
  gateway: string
  labels: Record<string, string>
}

export interface ContainerSpec {
  name: string
  hostname: string
  image: string
  network: string
  address: string
  capAdd: readonly string[]
  labels: Record<string, string>
  /** Host devices passed in (`--device`), e.g. /dev/net/tun and /dev/kvm for lab hypervisors. */
  devices?: readonly string[]
  /** `--security-opt` values. */
  securityOpts?: readonly string[]
}

/** The local docker engine, as the lab uses it. One real implementation (the docker CLI); tests use the real engine. */
export interface DockerEngine {
  /** Server version, or undefined when no engine answers. */
  serverVersion(): Promise<string | undefined>
  containers(label: string): Promise<DockerContainer[]>
  networks(label: string): Promise<DockerNetwork[]>
  createNetwork(spec: NetworkSpec): Promise<void>
  removeNetwork(name: string): Promise<void>
  createContainer(spec: ContainerSpec): Promise<void>
  /** Attach a created container to one more network at a fixed address (before it starts). */
  connect(container: string, network: string, address: string): Promise<void>
  /** Copy the contents of a local directory into a (possibly not yet started) container. */
  copyInto(container: string, localDir: string, containerDir: string): Promise<void>
  start(container: string): Promise<void>
  /** Stop and start again: the container's init runs anew (the lab's starts sshd). */
  restart(container: string): Promise<void>
  remove(container: string): Promise<void>
  logs(container: string): Promise<string>
  /** Run `argv` in a running container as root; a non-zero exit is an error. */
  exec(container: string, argv: readonly string[]): Promise<void>
}

const labelArgs = (labels: Record<string, string>): string[] => Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`])

export const createNetworkArgs = (s: NetworkSpec): string[] => [
  'network',
  'create',
  '--driver',
  'bridge',
  '--subnet',
  s.subnet,
  '--gateway',
  s.gateway,
  ...labelArgs(s.labels),
  s.name,
]

// No --restart policy: a rebooted machine should not bring throwaway lab hosts back by surprise.
export const createContainerArgs = (s: ContainerSpec): string[] => [
  'create',
  '--name',
  s.name,
  '--hostname',
  s.hostname,
  '--network',
  s.network,
  '--ip',
  s.address,
  ...s.capAdd.flatMap((c) => ['--cap-add', c]),
  ...(s.devices ?? []).flatMap((d) => ['--device', d]),
  ...(s.securityOpts ?? []).flatMap((o) => ['--security-opt', o]),
  ...labelArgs(s.labels),
  s.image,
]

/** Classify docker's stderr once, here at the edge, into typed errors. */
const classify = (argv: string[], r: LocalResult): Error => {
  if (/Cannot connect to the Docker daemon|docker daemon is not running|error during connect/i.test(r.stderr))
    return dockerErrors.unavailable(`${argv.join(' ')}: ${tail(r.stderr, 1)}`)
  if (/Pool overlaps|overlaps with other one/i.test(r.stderr)) return dockerErrors.subnetInUse(r)
  return dockerErrors.failed(argv, r)
}

interface InspectedContainer {
  Id: string
  Name: string
  State: {Status: string}
  Config: {Image: string; Labels: Record<string, string> | null}
}

interface InspectedNetwork {
  Id: string
  Name: string
  Labels: Record<string, string> | null
  IPAM: {Config: {Subnet?: string; Gateway?: string}[] | null}
}

/** DockerEngine over the docker CLI (`binary`, default `docker` on the PATH). */
export function dockerCli(binary = 'docker'): DockerEngine {
  const run = async (args: string[], timeoutMs = 120_000): Promise<LocalResult> => {
    const argv = [binary, ...args]
    const r = await runLocal(argv, {kind: 'docker', timeoutMs})
    if (r.exitCode !== 0) throw classify(argv, r)
    return r
  }
  const ids = (r: LocalResult): string[] =>
    r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)

  return {
    async serverVersion() {
      const r = await runLocal([binary, 'version', '--format', '{{.Server.Version}}'], {kind: 'docker', timeoutMs: 20_000})
      return r.exitCode === 0 && r.stdout.trim() ? r.stdout.trim() : undefined
    },
    async containers(label) {
      const found = ids(await run(['ps', '--all', '--quiet', '--no-trunc', '--filter', `label=${label}`]))
      if (found.length === 0) return []
      const list = JSON.parse((await run(['container', 'inspect', ...found])).stdout) as InspectedContainer[]
      return list.map((c) => ({
        id: c.Id,
        name: c.Name.replace(/^\//, ''),
        state: c.State.Status,
        image: c.Config.Image,
        labels: c.Config.Labels ?? {},
      }))
    },
    async networks(label) {
      const found = ids(await run(['network', 'ls', '--quiet', '--no-trunc', '--filter', `label=${label}`]))
      if (found.length === 0) return []
      const list = JSON.parse((await run(['network', 'inspect', ...found])).stdout) as InspectedNetwork[]
      return list.map((n) => {
        const ipam = n.IPAM.Config?.[0]
        return {
          id: n.Id,
          name: n.Name,
          labels: n.Labels ?? {},
          ...(ipam?.Subnet ? {subnet: ipam.Subnet} : {}),
          ...(ipam?.Gateway ? {gateway: ipam.Gateway} : {}),
        }
      })
    },
    async createNetwork(spec) {
      await run(createNetworkArgs(spec))
    },
    async removeNetwork(name) {
      await run(['network', 'rm', name])
    },
    async createContainer(spec) {
      await run(createContainerArgs(spec))
    },
    async connect(container, network, address) {
      await run(['network', 'connect', '--ip', address, network, container])
    },
    async copyInto(container, localDir, containerDir) {
      await run(['cp', `${localDir.replace(/\/+$/, '')}/.`, `${container}:${containerDir}`])
    },
    async start(container) {
      await run(['start', container])
    },
    async restart(container) {
      await run(['restart', '--time', '5', container])
    },
    async remove(container) {
      await run(['rm', '--force', '--volumes', container])
    },
    async exec(container, argv) {
      await run(['exec', container, ...argv])
    },
    async logs(container) {
      const r = await runLocal([binary, 'logs', '--tail', '40', container], {kind: 'docker', timeoutMs: 20_000})
      return `${r.stdout}${r.stderr}`
    },
  }
}
