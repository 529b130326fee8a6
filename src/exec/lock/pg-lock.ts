import {createHash} from 'node:crypto'
import type pg from 'pg'
import {loadPg} from '../pg-module.js'
import {isOpsError} from '../../errors/ops-error.js'
import {siteLockErrors} from '../../errors/site-lock.js'
import type {LockHolder, SiteLock} from '../../lock/holder.js'

/** Advisory lock keys: a constant class for kotadc and one id per site, so two sites can share a database. */
export const PG_LOCK_CLASS = 0x6b6f7461
// The seed predates the one site lock (it was the deploy lock's): kept, so an older kotadc's deploy still excludes.
export const pgLockId = (site: string): number => createHash('sha256').update(`kotadc-deploy:${site}`).digest().readInt32BE(0)

export interface PgLockOptions {
  /** How long to wait for the holder to release the lock (ms); 0 refuses at once. */
  waitMs?: number
  pollMs?: number
}

/** What pg_stat_activity tells about the session holding the lock: set by the holder as its application_name. */
const HOLDER_QUERY = `select a.application_name as app, coalesce(host(a.client_addr), 'a local socket') as addr, a.backend_start as since
  from pg_locks l join pg_stat_activity a on a.pid = l.pid
  where l.locktype = 'advisory' and l.classid = $1::int::oid and l.objid = $2::int::oid and l.granted limit 1`

/**
 * The site lock as a session advisory lock in the pg backend's database, so commands on different machines exclude
 * each other. It lives as long as the connection: a process that dies releases it, there is nothing stale to clear.
 */
export function pgLock(connString: string, site: string, holder: LockHolder, opts: PgLockOptions = {}): SiteLock {
  const key = [PG_LOCK_CLASS, pgLockId(site)]
  const where = `postgres advisory lock (${key.join(', ')}) for site ${site}`
  const app = `kotadc ${holder.pid} ${holder.user}@${holder.host}: ${holder.command.replace(/^kotadc /, '')}`.slice(0, 63)
  let client: pg.Client | undefined
  let held = false

  const close = async (): Promise<void> => {
    const c = client
    client = undefined
    await c?.end().catch(() => undefined)
  }

  return {
    where,
    async acquire() {
      const c = new (await loadPg()).Client({connectionString: connString, application_name: app, connectionTimeoutMillis: 15_000})
      client = c
      // A dropped connection drops the lock with it; without a listener pg would crash the process on 'error'.
      c.on('error', () => undefined)
      try {
        await c.connect()
        const deadline = Date.now() + (opts.waitMs ?? 0)
        for (;;) {
          const r = await c.query<{ok: boolean}>('select pg_try_advisory_lock($1, $2) as ok', key)
          if (r.rows[0]?.ok) {
            held = true
            return
          }
          if (Date.now() >= deadline) {
            const who = (await c.query<{app: string; addr: string; since: Date}>(HOLDER_QUERY, key)).rows[0]
            throw siteLockErrors.held(
              where,
              who
                ? `${who.app || 'a session without a name'} (connected from ${who.addr} since ${who.since.toISOString()})`
                : 'a session that just ended',
            )
          }
          await new Promise((r) => setTimeout(r, opts.pollMs ?? 500))
        }
      } catch (e) {
        await close()
        if (isOpsError(e)) throw e
        throw siteLockErrors.failed(where, (e as Error).message)
      }
    },
    async release() {
      if (held && client) await client.query('select pg_advisory_unlock($1, $2)', key).catch(() => undefined)
      held = false
      await close()
    },
  }
}
