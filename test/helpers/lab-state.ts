import {existsSync, readFileSync, rmSync} from 'node:fs'
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
