import {describe, expect, it} from 'vitest'
import {calendarDay, dayNumber, nextSerial} from '../../../src/dns/serial.js'
import {cases, expectOpsError} from '../netsvc/fixtures.js'

interface SerialCase {
  case: string
  today: string
  live?: number
  changed: boolean
  expected?: number
  error?: string
}

describe('nextSerial', () => {
  it.each(cases<SerialCase>('serial'))('%s', (_, c) => {
    const input = {zone: 'kota.example', today: c.today, changed: c.changed, ...(c.live === undefined ? {} : {live: c.live})}
    if (c.error) expectOpsError(() => nextSerial(input), c.error)
    else expect(nextSerial(input)).toBe(c.expected)
  })

  it('never returns less than the live serial', () => {
    for (const live of [0, 2026112800, 2026112999, 4_000_000_000])
      for (const changed of [true, false]) expect(nextSerial({zone: 'z.example', today: '2026-11-29', live, changed})).toBeGreaterThanOrEqual(live)
  })
})

describe('calendar days', () => {
  it('turns YYYY-MM-DD into YYYYMMDD', () => {
    expect(dayNumber('2026-01-05')).toBe(20260105)
    expect(dayNumber('2028-02-29')).toBe(20280229)
  })

  it('takes the day in the site time zone, not UTC', () => {
    const evening = new Date('2026-11-29T17:30:00Z')
    expect(calendarDay(evening, 'UTC')).toBe('2026-11-29')
    expect(calendarDay(evening, 'Asia/Makassar')).toBe('2026-11-30')
  })
})
