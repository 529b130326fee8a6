import {describe, expect, it} from 'vitest'
import {renderTable, type Column} from '../../../../src/cli/render/table.js'
import {makePainter} from '../../../../src/cli/style.js'

interface Row {
  name: string
  port: number | null
  note: string
}
const columns: Column<Row>[] = [
  {header: 'NAME', value: (r) => r.name},
  {header: 'PORT', value: (r) => (r.port === null ? '-' : String(r.port)), align: 'right'},
  {header: 'NOTE', value: (r) => r.note},
]

describe('renderTable', () => {
  it('pads columns to the widest cell, right-aligns numbers and leaves no trailing blanks', () => {
    const text = renderTable(columns, [
      {name: 'simpus', port: 8081, note: 'puskesmas'},
      {name: 'e-office-db', port: null, note: ''},
    ])
    expect(text).toBe(['NAME         PORT  NOTE', 'simpus       8081  puskesmas', 'e-office-db     -'].join('\n'))
  })

  it('prints only the header for no rows', () => {
    expect(renderTable(columns, [])).toBe('NAME  PORT  NOTE')
  })

  it('counts code points, not UTF-16 units, when padding', () => {
    const text = renderTable(
      [
        {header: 'A', value: (r: {a: string}) => r.a},
        {header: 'B', value: () => 'x'},
      ],
      [{a: 'Dinas 🏥'}, {a: 'ab'}],
    )
    expect(text.split('\n')).toEqual(['A        B', 'Dinas 🏥  x', 'ab       x'])
  })

  it('turns control characters into spaces so a value cannot break the row', () => {
    const text = renderTable([{header: 'N', value: (r: {n: string}) => r.n}], [{n: 'a\nb\u001b[31mc'}])
    expect(text.split('\n')).toEqual(['N', 'a b [31mc'])
  })

  it('paints the header through the painter and pads before painting', () => {
    const calls: string[] = []
    const paint = ((style: string, s: string) => {
      calls.push(`${style}:${s}`)
      return `<${s}>`
    }) as Parameters<typeof renderTable>[2]
    const text = renderTable(columns, [{name: 'simpus', port: 1, note: 'x'}], paint)
    expect(text.split('\n')[0]).toBe('<NAME  >  <PORT>  <NOTE>')
    expect(calls).toEqual(['bold:NAME  ', 'bold:PORT', 'bold:NOTE'])
    expect(renderTable(columns, [], makePainter(false))).toBe('NAME  PORT  NOTE')
  })
})
