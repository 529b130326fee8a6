/**
 * The site lock's one rule, as pure data in and a verdict out: whoever holds the lock keeps it until they release it.
 * A holder that died on this machine is *reported* as stale, never taken over, because a deploy that stopped half-way
 * deserves a look before the next change starts. A holder on another machine is never judged by a local pid.
 */

/** Who holds the site lock: written into the lock file, and into the pg session's application_name. */
export interface LockHolder {
  pid: number
  host: string
  user: string
  since: string
  command: string
  /** Random per acquisition: release removes a lock file only if it is still this one. */
  nonce: string
}

export type LockVerdict = {kind: 'held'; holder: LockHolder} | {kind: 'stale'; holder: LockHolder} | {kind: 'unreadable'}

export const describeHolder = (h: LockHolder): string => `${h.command}, pid ${h.pid} of ${h.user}@${h.host} since ${h.since}`

/**
 * What to tell the caller who found the lock taken. `localHost` is this machine's name and `alive` asks whether a pid
 * runs here: a pid means nothing on another machine, so a holder elsewhere is always `held`.
 */
export function judgeHolder(found: unknown, localHost: string, alive: (pid: number) => boolean): LockVerdict {
  const holder = parseHolder(found)
  if (!holder) return {kind: 'unreadable'}
  if (holder.host === localHost && !alive(holder.pid)) return {kind: 'stale', holder}
  return {kind: 'held', holder}
}

/** A lock file's JSON as a holder, or undefined when it is not one (torn, edited by hand, another program's). */
export function parseHolder(found: unknown): LockHolder | undefined {
  if (found === null || typeof found !== 'object') return undefined
  const h = found as Record<string, unknown>
  const str = (k: string): boolean => typeof h[k] === 'string'
  if (!Number.isInteger(h.pid) || !str('host') || !str('user') || !str('since') || !str('command') || !str('nonce')) return undefined
  return h as unknown as LockHolder
}

/** The site lock as its users see it, whichever kind holds it (a file, or a PostgreSQL advisory lock). */
export interface SiteLock {
  /** Where the lock lives, for messages: the file path, or the advisory lock's keys. */
  readonly where: string
  /** Takes the lock, or throws SITE_LOCKED, SITE_LOCK_STALE or SITE_LOCK_FAILED. */
  acquire(): Promise<void>
  /** Gives the lock back if this process holds it; safe at any time and more than once (signal handlers call it). */
  release(): Promise<void>
}
