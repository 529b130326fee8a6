import type {Inventory} from '../../inventory/model.js'
import {LAB_HOST_LABEL, LAB_LABEL, planLab} from '../../lab/plan.js'
import {dockerErrors} from '../../errors/docker.js'
import {waitForSsh} from './probe.js'
import {defaultLabDeps, type LabDeps} from './up.js'

export interface LabHostStatus {
  name: string
  container: string
  address: string
  port: number
  /** docker's container state, or `missing` when the lab has no container for this host. */
  state: string
  /** sshd answered with an SSH banner on address:port. */
  sshd: boolean
}

export interface LabStatusResult {
  site: string
  hosts: LabHostStatus[]
  /** Lab containers of this site whose host is no longer in the inventory (`lab up` removes them). */
  strays: string[]
  /** Every host's container runs and its sshd answers. */
  ready: boolean
}

/** How long `lab status` waits for the sshd of a running container to answer: all hosts wait at once. */
export const STATUS_SSH_WAIT_MS = 20_000

/**
 * Per inventory host: does its lab container run, and does its sshd answer (a TCP connect with a banner is enough).
 * A running container's sshd gets until `sshWaitMs` to answer, so a busy machine does not read as a dead lab.
 */
export async function labStatus(
  inv: Inventory,
  opts: {pool?: string; sshWaitMs?: number} = {},
  deps: Pick<LabDeps, 'docker'> = defaultLabDeps(),
): Promise<LabStatusResult> {
  const layout = planLab(inv, opts.pool === undefined ? {} : {pool: opts.pool})
  if ((await deps.docker.serverVersion()) === undefined) throw dockerErrors.unavailable('`docker version` reached no server')
  const containers = await deps.docker.containers(`${LAB_LABEL}=${layout.site}`)
  const hosts = await Promise.all(
    layout.hosts.map(async (h): Promise<LabHostStatus> => {
      const c = containers.find((x) => x.name === h.container)
      const state = c?.state ?? 'missing'
      const sshd = state === 'running' && (await waitForSsh(h.address, h.port, opts.sshWaitMs ?? STATUS_SSH_WAIT_MS)) !== undefined
      return {name: h.name, container: h.container, address: h.address, port: h.port, state, sshd}
    }),
  )
  const strays = containers.filter((c) => !layout.hosts.some((h) => h.name === c.labels[LAB_HOST_LABEL])).map((c) => c.name)
  return {site: layout.site, hosts, strays, ready: hosts.length > 0 && hosts.every((h) => h.sshd)}
}
