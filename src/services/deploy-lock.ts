import {createHash} from 'node:crypto'
import {mkdir, open, readFile, rm} from 'node:fs/promises'
import {hostname, userInfo} from 'node:os'
import {dirname} from 'node:path'
import pg from 'pg'
import {deployErrors} from '../errors/deploy.js'

/** Who holds the deploy lock: written into the lock file, and into pg's application_name. */
export interface LockHolder {
  pid: number
  host: string
  user: string
  since: string
  command: string
}

export interface HeldLock {
  /** Where the lock lives, for messages: a file path or `postgres advisory lock …`. */
  where: string
  release(): Promise<void>
}

export type DeployLocker = () => Promise<HeldLock>

export const currentHolder = (command: string, now: Date = new Date()): LockHolder => ({
  pid: process.pid,
  host: hostname(),
  user: userInfo().username,
  since: now.toISOString(),
  command,
})

const describe = (h: LockHolder): string => `${h.command}, pid ${h.pid} of ${h.user}@${h.host} since ${h.since}`

const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The lock file variant (local backend): `.kotadc/deploy.lock` created with O_EXCL. A lock whose process died on
 * this machine is reported as stale with the file to delete; it is never taken over silently, because a deploy that
 * died half-way deserves a look before the next one starts.
 */
export function fileLocker(file: string, holder: LockHolder, alive: (pid: number) => boolean = pidAlive): DeployLocker {
  return async () => {
    await mkdir(dirname(file), {recursive: true})
    try {
      const fh = await open(file, 'wx', 0o644)
      try {
        await fh.writeFile(`${JSON.stringify(holder)}\n`)
      } finally {
        await fh.close()
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code !== 'EEXIST') throw deployErrors.lockUnavailable(file, code ?? (e as Error).message)
      const other = await readFile(file, 'utf8').then((t) => JSON.parse(t) as LockHolder, () => undefined)
      if (other && other.host === holder.host && !alive(other.pid)) throw deployErrors.lockStale(file, describe(other))
      throw deployErrors.locked(file, other ? describe(other) : 'the lock file is unreadable')
    }
    return {where: file, release: () => rm(file, {force: true})}
  }
}

/** Advisory lock keys: a constant class for kotadc deploys and one id per site, so two sites can share a database. */
export const PG_LOCK_CLASS = 0x6b6f7461
export const pgLockId = (site: string): number => createHash('sha256').update(`kotadc-deploy:${site}`).digest().readInt32BE(0)

export interface PgLockOptions {
  /** How long to wait for another deploy to release the lock (ms); 0 fails at once. */
  waitMs?: number
  pollMs?: number
}

/**
 * The pg variant: a session advisory lock in the backend's database. It lives as long as the connection, so a
 * deploy that dies releases it with its connection: there is nothing stale to clean up.
 */
export function pgLocker(connString: string, site: string, holder: LockHolder, opts: PgLockOptions = {}): DeployLocker {
  const where = `postgres advisory lock (${PG_LOCK_CLASS}, ${pgLockId(site)})`
  return async () => {
    const client = new pg.Client({connectionString: connString, application_name: `kotadc: ${describe(holder)}`.slice(0, 63), connectionTimeoutMillis: 15_000})
    // A dropped connection drops the lock with it; without a listener pg would crash the process on the 'error' event.
    client.on('error', () => undefined)
    try {
      await client.connect()
    } catch (e) {
      throw deployErrors.lockUnavailable(where, (e as Error).message)
    }
    const deadline = Date.now() + (opts.waitMs ?? 0)
    try {
      for (;;) {
        const r = await client.query<{ok: boolean}>('select pg_try_advisory_lock($1, $2) as ok', [PG_LOCK_CLASS, pgLockId(site)])
        if (r.rows[0]?.ok) break
        if (Date.now() >= deadline) {
          const who = await client.query<{app: string}>(
            `select a.application_name as app from pg_locks l join pg_stat_activity a on a.pid = l.pid
             where l.locktype = 'advisory' and l.classid = $1::int::oid and l.objid = $2::int::oid and l.granted limit 1`,
            [PG_LOCK_CLASS, pgLockId(site)],
          )
          throw deployErrors.locked(where, who.rows[0]?.app || 'another session')
        }
        await new Promise((r) => setTimeout(r, opts.pollMs ?? 500))
      }
    } catch (e) {
      await client.end().catch(() => undefined)
      if ((e as {code?: string}).code === 'DEPLOY_LOCKED') throw e
      throw deployErrors.lockUnavailable(where, (e as Error).message)
    }
    return {
      where,
      release: async () => {
        await client.query('select pg_advisory_unlock($1, $2)', [PG_LOCK_CLASS, pgLockId(site)]).catch(() => undefined)
        await client.end().catch(() => undefined)
      },
    }
  }
}

/** Runs fn holding the lock; the lock is released in a finally, whatever fn does. */
export async function withDeployLock<T>(locker: DeployLocker, fn: () => Promise<T>): Promise<T> {
  const lock = await locker()
  try {
    return await fn()
  } finally {
    await lock.release()
  }
}
