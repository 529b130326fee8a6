import type {ShowResult} from '../../services/inventory-show.js'
import type {Painter} from '../style.js'
import {plain} from '../style.js'
import {formatLocation} from './error.js'
import {renderTable} from './table.js'

const TYPE_LABEL: Record<ShowResult['type'], string> = {
  host: 'host',
  network: 'network',
  agency: 'agency',
  workload: 'workload',
  policy: 'backup policy',
}

/** One-line text for a field value: lists joined by commas, maps as `key=value`, nested objects in braces. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '-'
  if (Array.isArray(v))
    return v.length === 0 ? '(none)' : v.map((x) => (x !== null && typeof x === 'object' ? `{${formatValue(x)}}` : formatValue(x))).join(', ')
  if (typeof v === 'object') {
    const entries = Object.entries(v)
    if (entries.length === 0) return '(none)'
    return entries
      .map(([k, x]) => `${k}=${x !== null && typeof x === 'object' && !Array.isArray(x) ? `{${formatValue(x)}}` : formatValue(x)}`)
      .join(' ')
  }
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v
}

/** Human form of `inventory show`: heading with file:line, a field table, then related objects. */
export function renderShowResult(r: ShowResult, paint: Painter = plain): string {
  const heading = `${paint('bold', `${TYPE_LABEL[r.type]} ${r.name}`)}  ${paint('dim', `defined at ${formatLocation(r.location)}`)}`
  const fields = Object.entries(r.fields).map(([k, v]) => ({k, v: formatValue(v)}))
  const fieldTable = renderTable(
    [
      {header: 'FIELD', value: (f: {k: string}) => f.k},
      {header: 'VALUE', value: (f: {v: string}) => f.v},
    ],
    fields,
    paint,
  )
  const lines = [heading, '', fieldTable, '']
  if (r.related.length === 0) {
    lines.push('related: (none)')
  } else {
    lines.push(
      renderTable(
        [
          {header: 'RELATED', value: (x: ShowResult['related'][number]) => x.relation},
          {header: 'TYPE', value: (x) => TYPE_LABEL[x.type]},
          {header: 'NAME', value: (x) => x.name},
          {header: 'DEFINED AT', value: (x) => formatLocation(x.location)},
        ],
        r.related,
        paint,
      ),
    )
  }
  return lines.join('\n')
}
