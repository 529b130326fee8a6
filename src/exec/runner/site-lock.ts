import {mkdir, open, readFile, rm} from 'node:fs/promises'
import {hostname, userInfo} from 'node:os'
import {dirname} from 'node:path'
import {runnerErrors} from '../../errors/runner.js'

interface LockInfo {
  pid: number
  host: string
  user: string
  what: string
  since: string
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function take(file: string, info: LockInfo): Promise<boolean> {
  try {
    const fh = await open(file, 'wx', 0o644)
    await fh.writeFile(JSON.stringify(info) + '\n')
    await fh.close()
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw runnerErrors.lockFailed(file, (e as Error).message)
  }
}

/**
 * Runs fn holding the site lock (a file created exclusively), released in a finally. A lock left by a dead process
 * of this machine is taken over; any other holder is SITE_LOCKED.
 */
export async function withSiteLock<T>(file: string, what: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(dirname(file), {recursive: true})
  const info: LockInfo = {pid: process.pid, host: hostname(), user: userInfo().username, what, since: new Date().toISOString()}
  if (!(await take(file, info))) {
    const holder = await readFile(file, 'utf8').then((t) => JSON.parse(t) as LockInfo).catch(() => undefined)
    const stale = holder !== undefined && holder.host === info.host && !alive(holder.pid)
    if (!stale) throw runnerErrors.siteLocked(file, holder ? `${holder.what}, pid ${holder.pid} of ${holder.user}@${holder.host} since ${holder.since}` : 'unreadable lock file')
    await rm(file, {force: true})
    if (!(await take(file, info))) throw runnerErrors.siteLocked(file, 'taken by another run just now')
  }
  try {
    return await fn()
  } finally {
    await rm(file, {force: true})
  }
}
