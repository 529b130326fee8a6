import {netsvcErrors} from '../errors/netsvc.js'

/** RFC 1982 serials are unsigned 32-bit numbers. */
const MAX_SERIAL = 4_294_967_295
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** `YYYY-MM-DD` → the number YYYYMMDD, refusing impossible dates such as 2026-02-30. */
export function dayNumber(today: string): number {
  const m = DAY.exec(today)
  if (!m) throw netsvcErrors.badDay(today)
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) throw netsvcErrors.badDay(today)
  return y * 10_000 + mo * 100 + d
}

/** The calendar day of `now` in the site's time zone as YYYY-MM-DD (the caller owns the clock). */
export function calendarDay(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {timeZone, year: 'numeric', month: '2-digit', day: '2-digit'}).formatToParts(now)
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

export interface SerialInput {
  zone: string
  /** YYYY-MM-DD in the site's time zone. */
  today: string
  /** Serial of the zone file on the primary now; undefined when there is none (or kotadc cannot read it). */
  live?: number
  /** Whether the zone's content, ignoring the serial, differs from the live file. */
  changed: boolean
}

/**
 * The next SOA serial in YYYYMMDDnn form. It never goes down: an unchanged zone keeps its live serial, a changed one
 * gets today's first serial or live + 1, whichever is larger (the 100th change of a day borrows tomorrow's numbers,
 * as every date-serial scheme must).
 */
export function nextSerial(input: SerialInput): number {
  const first = dayNumber(input.today) * 100
  if (input.live === undefined) return first
  if (!input.changed) return input.live
  const next = Math.max(first, input.live + 1)
  if (next > MAX_SERIAL) throw netsvcErrors.serialOverflow(input.zone, input.live)
  return next
}
