import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {LAB_OVERLAY_ENV} from '../../lab/plan.js'

/** Where the lab keeps what it generated for one site (keys, known_hosts, per-host injected files). */
export interface LabPaths {
  dir: string
  identityFile: string
  knownHosts: string
  /** Files copied into the host's container at /etc/kotadc-lab before its first start. */
  hostDir: (host: string) => string
  overlay: string
}

/**
 * State lives next to the inventory, in `<inventory>/../.kotadc/lab/<site>` (git-ignored), so every command finds it
 * whatever the working directory; `stateDir` overrides the `.kotadc/lab` part.
 */
export function labPaths(inventoryRoot: string, site: string, stateDir?: string): LabPaths {
  const dir = resolve(stateDir ?? join(inventoryRoot, '..', '.kotadc', 'lab'), site)
  return {
    dir,
    identityFile: join(dir, 'id_ed25519'),
    knownHosts: join(dir, 'known_hosts'),
    hostDir: (host) => join(dir, 'hosts', host),
    overlay: resolve(inventoryRoot, 'envs', `${LAB_OVERLAY_ENV}.yaml`),
  }
}

/** scripts/lab of this kotadc checkout or package, found from this module (src/ under vitest, dist/src/ when built). */
export function labScriptsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'lab'))) return join(dir, 'scripts', 'lab')
    const up = dirname(dir)
    if (up === dir) throw new Error('scripts/lab not found above ' + fileURLToPath(import.meta.url))
    dir = up
  }
}
