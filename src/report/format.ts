import type {Say} from './messages/index.js'

/**
 * Times on the page are UTC and the header says so once: the page is read far from the machine that made it.
 * `date` drops the time of day, for expiry dates.
 */
export function formatTime(iso: string, part: 'minute' | 'date' = 'minute'): string {
  const t = new Date(iso)
  if (Number.isNaN(t.getTime())) return iso
  return t
    .toISOString()
    .slice(0, part === 'date' ? 10 : 16)
    .replace('T', ' ')
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
  let v = bytes
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v < 10 && i > 0 ? v.toFixed(1) : Math.round(v)} ${units[i]}`
}

/** A whole percentage of `part` in `whole`, 0 when whole is 0. */
export const percent = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 100) : 0)

/** An age in hours, in the unit a person reads at a glance: minutes under an hour, hours under two days, else days. */
export function formatHours(hours: number, say: Say): string {
  if (hours < 1) return say('minutes', {n: Math.max(0, Math.round(hours * 60))})
  if (hours < 48) return say('hours', {n: Math.round(hours)})
  return say('days', {n: Math.round(hours / 24)})
}

export const formatSeconds = (seconds: number, say: Say): string => formatHours(seconds / 3600, say)

export function formatDuration(ms: number, say: Say): string {
  const s = ms / 1000
  return s < 90 ? say('seconds', {n: s < 10 ? s.toFixed(1) : Math.round(s)}) : say('minutes', {n: Math.round(s / 60)})
}
