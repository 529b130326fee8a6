/**
 * systemd OnCalendar expressions → crontab time fields, for hosts without systemd. Only the forms that cron can
 * express exactly are accepted; anything else is refused rather than approximated.
 */
export type CronResult = {ok: true; cron: string} | {ok: false; why: string}

const SHORTHANDS: Readonly<Record<string, string>> = {
  minutely: '* * * * *',
  hourly: '0 * * * *',
  daily: '0 0 * * *',
  weekly: '0 0 * * 1',
  monthly: '0 0 1 * *',
  yearly: '0 0 1 1 *',
  annually: '0 0 1 1 *',
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const dayNumber = (d: string): number | undefined => {
  const i = DAYS.indexOf(d.slice(0, 3).toLowerCase())
  const full = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
  return i >= 0 && (d.length === 3 || full[i] === d.toLowerCase()) ? i : undefined
}

function weekdays(spec: string): string | undefined {
  const parts = spec.split(',').map((p) => {
    const [a, b, extra] = p.split('..')
    if (extra !== undefined || a === undefined) return undefined
    const from = dayNumber(a)
    if (from === undefined) return undefined
    if (b === undefined) return String(from)
    // systemd weeks run Mon..Sun; cron accepts 7 for a Sunday that ends a range.
    const to = dayNumber(b) === 0 ? 7 : dayNumber(b)
    return to === undefined || to < from ? undefined : `${from}-${to}`
  })
  return parts.every((p) => p !== undefined) ? parts.join(',') : undefined
}

// A field of numbers: `*`, `n`, `n,m`, or `n/step` (systemd's repetition), each inside [0, max].
function numbers(spec: string, max: number): string | undefined {
  if (spec === '*') return '*'
  const step = /^(\d{1,2})\/(\d{1,2})$/.exec(spec)
  if (step) return Number(step[1]) <= max && Number(step[2]) > 0 ? `${Number(step[1])}-${max}/${Number(step[2])}` : undefined
  const list = spec.split(',')
  return list.every((n) => /^\d{1,2}$/.test(n) && Number(n) <= max) ? list.map(Number).join(',') : undefined
}

/** The five crontab time fields of an OnCalendar expression, or why there are none. */
export function onCalendarToCron(expr: string): CronResult {
  const text = expr.trim().replace(/\s+/g, ' ')
  const short = SHORTHANDS[text.toLowerCase()]
  if (short) return {ok: true, cron: short}
  const words = text.split(' ')
  if (words.length > 3) return {ok: false, why: 'time zones and extra fields are not supported'}
  const time = words.pop() as string
  const date = words.length && /\d|\*/.test((words[words.length - 1] as string)[0] ?? '') ? (words.pop() as string) : '*-*-*'
  const dow = words.length ? weekdays(words.pop() as string) : '*'
  if (words.length) return {ok: false, why: 'unrecognised leading field'}
  if (dow === undefined) return {ok: false, why: 'the weekday is not a day name, list or range such as Mon..Fri'}
  const d = /^(\*|\d{4})-(\S+)-(\S+)$/.exec(date)
  if (!d || d[1] !== '*') return {ok: false, why: 'dates must be *-MONTH-DAY (no fixed year)'}
  const [month, day] = [numbers(d[2] as string, 12), numbers(d[3] as string, 31)]
  if (!month || !day || month.startsWith('0') || day.startsWith('0'))
    return {ok: false, why: 'month or day is not a number, list or * (last-day forms ~ are not supported)'}
  // systemd requires both; cron runs when either matches, so the two cannot be combined.
  if (dow !== '*' && day !== '*') return {ok: false, why: 'a weekday together with a day of the month means "either" to cron'}
  const t = /^([^:]+):([^:]+)(?::([^:]+))?$/.exec(time)
  if (!t) return {ok: false, why: 'the time must be HH:MM or HH:MM:SS'}
  const [hour, minute] = [numbers(t[1] as string, 23), numbers(t[2] as string, 59)]
  if (!hour || !minute) return {ok: false, why: 'hour or minute is not a number, list, n/step or *'}
  if (t[3] !== undefined && !/^0?0$/.test(t[3])) return {ok: false, why: 'cron cannot run at a given second'}
  return {ok: true, cron: `${minute} ${hour} ${day} ${month} ${dow}`}
}
