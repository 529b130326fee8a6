import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {onCalendarToCron} from '../../../src/backup/schedule.js'

const CASES = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../fixtures/backup/schedules.json'), 'utf8')) as {
  onCalendar: string
  cron?: string
  why?: string
}[]

describe('onCalendarToCron', () => {
  it.each(CASES.filter((c) => c.cron))('$onCalendar → $cron', ({onCalendar, cron}) => {
    expect(onCalendarToCron(onCalendar)).toEqual({ok: true, cron})
  })

  it.each(CASES.filter((c) => c.why))('$onCalendar is refused ($why)', ({onCalendar, why}) => {
    const r = onCalendarToCron(onCalendar)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.why).toContain(why)
  })
})
