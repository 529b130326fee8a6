import type {StatusProblem} from '../status/model.js'
import {html, type SafeHtml} from './html.js'
import type {Say} from './messages/index.js'
import {badge, section, table} from './parts.js'

/** Problems first, each with the command that shows more; the message is kotadc's own text and stays as written. */
export function renderProblems(problems: readonly StatusProblem[], say: Say): SafeHtml {
  if (problems.length === 0) return html`<section id="problems" class="block calm"><p class="all-well">${say('noProblems')}</p></section>`
  const tone = (p: StatusProblem) => (p.severity === 'unreachable' ? 'bad' : 'warn')
  const rows = problems.map(
    (p) =>
      html`<tr class="${tone(p)}" data-problem="${p.kind}">
        <td>${badge(tone(p), say(`kind.${p.kind}`))}</td>
        <td class="name">${p.subject}</td>
        <td>${p.message}</td>
        <td><code class="command">${p.command}</code></td>
      </tr>`,
  )
  const head = [say('problemKind'), say('subject'), say('problemMessage'), say('showMore')]
  return section('problems', say('problems'), table('rows problems', head, rows), String(problems.length))
}
