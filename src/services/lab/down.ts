import {readFile, rm} from 'node:fs/promises'
import {LAB_LABEL} from '../../lab/plan.js'
import {dockerErrors} from '../../errors/docker.js'
import {labPaths} from './paths.js'
import {defaultLabDeps, type LabDeps} from './up.js'

export interface LabDownOptions {
  inventoryRoot: string
  site: string
  stateDir?: string
  onProgress?: (line: string) => void
}

export interface LabDownResult {
  site: string
  containers: string[]
  networks: string[]
  /** The overlay file removed, or null when there was none (or it was not written by lab up and was kept). */
  overlay: string | null
  /** Set when envs/lab.yaml exists but lab up did not write it, so it was left alone. */
  overlayKept?: string
  stateDir: string
}

/** The first line renderLabOverlay writes; only a file starting with it is ours to delete. */
const OVERLAY_MARK = '# Written by `kotadc lab up`'

/** Remove every container and network labelled `kotadc.lab=<site>`, the overlay lab up wrote, and the lab's keys. */
export async function labDown(opts: LabDownOptions, deps: Pick<LabDeps, 'docker'> = defaultLabDeps()): Promise<LabDownResult> {
  const progress = opts.onProgress ?? (() => {})
  const {docker} = deps
  if ((await docker.serverVersion()) === undefined) throw dockerErrors.unavailable('`docker version` reached no server')
  const label = `${LAB_LABEL}=${opts.site}`
  const containers = await docker.containers(label)
  for (const c of containers) {
    progress(`removing container ${c.name}`)
    await docker.remove(c.name)
  }
  // Networks go after their containers: docker refuses to remove a network with endpoints.
  const networks = await docker.networks(label)
  for (const n of networks) {
    progress(`removing network ${n.name}`)
    await docker.removeNetwork(n.name)
  }
  const paths = labPaths(opts.inventoryRoot, opts.site, opts.stateDir)
  const text = await readFile(paths.overlay, 'utf8').catch(() => undefined)
  let overlay: string | null = null
  let overlayKept: string | undefined
  if (text !== undefined && text.startsWith(OVERLAY_MARK)) {
    await rm(paths.overlay)
    overlay = paths.overlay
    progress(`removed ${paths.overlay}`)
  } else if (text !== undefined) {
    overlayKept = paths.overlay
    progress(`kept ${paths.overlay}: kotadc lab up did not write it`)
  }
  await rm(paths.dir, {recursive: true, force: true})
  return {
    site: opts.site,
    containers: containers.map((c) => c.name),
    networks: networks.map((n) => n.name),
    overlay,
    ...(overlayKept ? {overlayKept} : {}),
    stateDir: paths.dir,
  }
}
