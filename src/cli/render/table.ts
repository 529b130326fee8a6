import {plain, type Painter} from '../style.js'

export interface Column<R> {
  header: string
  value: (row: R) => string
  align?: 'left' | 'right'
}

// Widths count code points so a name such as "Dinas Kesehatan" and a UTF-8 label line up the same way.
const width = (s: string): number => [...s].length

const pad = (s: string, w: number, align: 'left' | 'right'): string => {
  const fill = ' '.repeat(Math.max(0, w - width(s)))
  return align === 'right' ? fill + s : s + fill
}

// Control characters would move the cursor or break the row, so they are shown as spaces.
// eslint-disable-next-line no-control-regex
const oneLine = (s: string): string => s.replace(/[\u0000-\u001f\u007f]/g, ' ')

/**
 * Plain-text table: a bold header row, then one line per row, columns separated by two spaces.
 * Lines carry no trailing blanks, even when the last cells are empty.
 */
export function renderTable<R>(columns: readonly Column<R>[], rows: readonly R[], paint: Painter = plain): string {
  const cells = rows.map((r) => columns.map((c) => oneLine(c.value(r))))
  const widths = columns.map((c, i) => Math.max(width(c.header), ...cells.map((row) => width(row[i] ?? ''))))
  const line = (values: readonly string[], style?: (s: string) => string): string =>
    values
      .map((v, i) => {
        const last = i === values.length - 1
        const align = columns[i]?.align ?? 'left'
        const text = last && align === 'left' ? v : pad(v, widths[i] ?? 0, align)
        return style ? style(text) : text
      })
      .join('  ')
      .trimEnd()
  return [
    line(
      columns.map((c) => c.header),
      (s) => paint('bold', s),
    ),
    ...cells.map((row) => line(row)),
  ].join('\n')
}
