import {join} from 'node:path'
import {inventorySiteMismatch} from '../errors/catalog.js'
import {loadInventory, type LoadedInventory} from '../inventory/load.js'

export interface OpenInventoryOptions {
  dir: string
  env?: string | undefined
  /** Expected site name (`--site`); a different one is refused before anything else runs. */
  site?: string | undefined
  environ?: Record<string, string | undefined>
  cwd?: string
}

/** Loads and validates the inventory for a read-only command, and checks it belongs to the expected site. */
export async function openInventory(opts: OpenInventoryOptions): Promise<LoadedInventory> {
  const loaded = await loadInventory({
    dir: opts.dir,
    ...(opts.env ? {env: opts.env} : {}),
    ...(opts.environ ? {environ: opts.environ} : {}),
    ...(opts.cwd ? {cwd: opts.cwd} : {}),
  })
  const actual = loaded.inventory.site.name
  if (opts.site && opts.site !== actual) throw inventorySiteMismatch(opts.site, actual, join(opts.dir, 'site.yaml'))
  return loaded
}
