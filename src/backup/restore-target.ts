import type {BackupItem} from './plan.js'

/** `--to HOST:PATH` of `kotadc backup restore`. */
export interface RestoreTarget {
  host: string
  path: string
}

/** Parses HOST:PATH; undefined when it is not a host name, a colon and an absolute path without `..`. */
export function parseRestoreTarget(text: string): RestoreTarget | undefined {
  const m = /^([a-z][a-z0-9-]{0,62}):(\/.*)$/.exec(text)
  if (!m) return undefined
  const path = (m[2] as string).replace(/\/+$/, '') || '/'
  if (path.split('/').includes('..') || /[\n\r\0]/.test(path)) return undefined
  return {host: m[1] as string, path}
}

const within = (inner: string, outer: string): boolean => outer === '/' || inner === outer || inner.startsWith(`${outer}/`)

/**
 * Live paths a restore into `path` would write over: the root, or any backed-up path of the host that contains the
 * target or sits inside it. Restores go to a scratch place unless --in-place says otherwise.
 */
export function livePathsHit(path: string, items: readonly BackupItem[]): string[] {
  if (path === '/') return ['/']
  const live = items.flatMap((i) => (i.kind === 'postgres' ? [] : i.paths))
  return [...new Set(live.filter((p) => within(path, p) || within(p, path)))].sort()
}
