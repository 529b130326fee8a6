import {randomBytes} from 'node:crypto'
import {hostname, userInfo} from 'node:os'
import path from 'node:path'
import {onInterrupt} from '../exec/interrupt.js'
import {fileLock} from '../exec/lock/file-lock.js'
import {pgLock} from '../exec/lock/pg-lock.js'
import {resolveConnString} from '../exec/terraform/backend.js'
import type {Inventory} from '../inventory/model.js'
import type {LockHolder, SiteLock} from '../lock/holder.js'
import {repoRootOf} from './run-playbook.js'

export interface SiteLockOptions {
  cwd: string
  environ: Record<string, string | undefined>
  /** The command line, shown to whoever finds the lock taken. */
  command: string
  /** pg backend: how long to wait for the holder (ms); default 0, refuse at once. A lock file is never waited for. */
  waitMs?: number
}

export const currentHolder = (command: string, now: Date = new Date()): LockHolder => ({
  pid: process.pid,
  host: hostname(),
  user: userInfo().username,
  since: now.toISOString(),
  command,
  nonce: randomBytes(8).toString('hex'),
})

/** The lock file of a site without the pg backend, under the repository's .kotadc/. */
export const siteLockFile = (root: string, site: string): string => path.join(root, '.kotadc', `${site}.lock`)

/**
 * The one lock of a site, taken by every command that changes hosts (deploy, run, exec, backup run/prune/restore/drill,
 * pki init): a PostgreSQL advisory lock when terraform.backend is pg, so every machine sharing that database is
 * excluded, else a lock file next to the inventory.
 */
export function siteLock(inv: Inventory, opts: SiteLockOptions): SiteLock {
  const holder = currentHolder(opts.command)
  const backend = inv.terraform.backend
  if (backend.type === 'pg') return pgLock(resolveConnString(backend.connString, opts.environ), inv.site.name, holder, {waitMs: opts.waitMs ?? 0})
  return fileLock(siteLockFile(repoRootOf(inv, opts.cwd), inv.site.name), holder, {localHost: holder.host})
}

/**
 * Runs fn holding the lock and releases it afterwards, whatever fn does. A SIGINT, SIGTERM or SIGHUP releases it too
 * (see exec/interrupt.ts); the release is armed before acquiring, so no instant exists where the lock is held unguarded.
 */
export async function withSiteLock<T>(lock: SiteLock, fn: () => Promise<T>): Promise<T> {
  const off = onInterrupt(() => lock.release())
  try {
    await lock.acquire()
    return await fn()
  } finally {
    await lock.release()
    off()
  }
}
