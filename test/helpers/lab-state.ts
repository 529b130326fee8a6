import {existsSync, readFileSync, rmSync} from 'node:fs'
import {afterAll, afterEach, beforeEach} from 'vitest'
import {siteLockFile} from '../../src/services/site-lock.js'

/**
 * What a lab acceptance test can leave behind for the next one on its own working copy, and clears in
 * beforeEach/afterEach: the site lock file of a kotadc that was killed (a timed-out subprocess gets SIGTERM and
 * releases it; SIGKILL or a second signal leaves it, and every later command would refuse with SITE_LOCK_STALE).
 * Between tests no kotadc of the file runs (they are spawned synchronously), so a lock file there is always stale.
 * Returns the removed holder, for the test log.
 */
export function clearSiteState(root: string, site: string): string | undefined {
  const file = siteLockFile(root, site)
  if (!existsSync(file)) return undefined
  const holder = readFileSync(file, 'utf8')
  rmSync(file, {force: true})
  return holder
}

/**
 * The hooks every lab file shares: the site's state is cleared before and after each test, and at the end the lab is
 * taken down (`down`) and the working copy removed, even when taking it down fails.
 */
export function labHooks(
  site: string,
  root: () => string | undefined,
  down: () => unknown,
  clearMore: (root: string) => void = () => undefined,
): void {
  const clear = (): void => {
    const r = root()
    if (r === undefined) return
    clearSiteState(r, site)
    clearMore(r)
  }
  beforeEach(clear)
  afterEach(clear)
  afterAll(() => {
    const r = root()
    if (r === undefined) return
    try {
      down()
    } finally {
      rmSync(r, {recursive: true, force: true})
    }
  })
}
