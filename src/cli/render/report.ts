import type {ReportResult} from '../../services/report/make-report.js'
import type {Painter} from '../style.js'

const STATE: Record<ReportResult['overall'], [string, Parameters<Painter>[0]]> = {
  ok: ['all is well', 'green'],
  attention: ['needs attention', 'yellow'],
  unreachable: ['hosts unreachable', 'red'],
}

/** Human form of `kotadc report`: where the page went and what it says at the top. */
export function renderReportResult(r: ReportResult, paint: Painter): string {
  const [state, colour] = STATE[r.overall]
  const from = r.source === 'snapshot' ? `snapshot ${r.from}` : 'live status'
  const problems = r.problems === 1 ? '1 problem' : `${r.problems} problems`
  return `wrote ${r.out} (${r.lang}, ${Math.ceil(r.bytes / 1024)} KiB) from ${from}: site ${r.site}${r.env ? ` (env ${r.env})` : ''} at ${r.at}, ${paint(colour, state)}, ${problems}`
}
