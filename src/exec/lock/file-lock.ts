import {link, mkdir, readFile, unlink, writeFile} from 'node:fs/promises'
import {dirname} from 'node:path'
import {siteLockErrors} from '../../errors/site-lock.js'
import type {LockHolder, SiteLock} from '../../lock/holder.js'
import {describeHolder, judgeHolder, parseHolder} from '../../lock/holder.js'

/** Whether a pid runs on this machine; EPERM means it runs as another user. */
export const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const errCode = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message

const readJson = async (file: string): Promise<unknown> => {
  const text = await readFile(file, 'utf8')
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/**
 * The site lock as a file. The holder is written to a private temp file first and then hard-linked to the lock path:
 * link() fails if the path exists, so exactly one racer wins, and the file is complete the moment anyone can see it.
 */
export function fileLock(file: string, holder: LockHolder, env: {localHost: string; alive?: (pid: number) => boolean}): SiteLock {
  const alive = env.alive ?? pidAlive
  let held = false

  const tryLink = async (): Promise<boolean> => {
    const tmp = `${file}.${holder.pid}.${holder.nonce}.tmp`
    try {
      await writeFile(tmp, `${JSON.stringify(holder)}\n`, {mode: 0o644, flag: 'wx'})
      await link(tmp, file)
      // Set before any further await, so a signal handler that runs from here on knows to remove the file.
      held = true
      return true
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw siteLockErrors.failed(file, errCode(e))
    } finally {
      await unlink(tmp).catch(() => undefined)
    }
  }

  return {
    where: file,
    async acquire() {
      await mkdir(dirname(file), {recursive: true}).catch((e: unknown) => {
        throw siteLockErrors.failed(file, errCode(e))
      })
      // The holder may release between our failed link and our read: then the path is free, try again (a few times).
      for (let attempt = 0; attempt < 3; attempt++) {
        if (await tryLink()) return
        let found: unknown
        try {
          found = await readJson(file)
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue
          throw siteLockErrors.failed(file, errCode(e))
        }
        const verdict = judgeHolder(found, env.localHost, alive)
        if (verdict.kind === 'unreadable') throw siteLockErrors.unreadable(file)
        if (verdict.kind === 'stale') throw siteLockErrors.stale(file, describeHolder(verdict.holder), verdict.holder.pid)
        throw siteLockErrors.held(file, describeHolder(verdict.holder))
      }
      throw siteLockErrors.held(file, 'other commands taking and releasing it as fast as it is read')
    },
    async release() {
      if (!held) return
      held = false
      // Remove only our own lock: someone may have removed it by hand and another command taken it since.
      const found = parseHolder(await readJson(file).catch(() => undefined))
      if (found?.nonce === holder.nonce) await unlink(file).catch(() => undefined)
    },
  }
}
