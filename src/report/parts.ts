import {html, type HtmlValue, type SafeHtml} from './html.js'

/** How a value reads on the wall: the page's only colours, each also said in words so print and colour-blind eyes lose nothing. */
export type Tone = 'ok' | 'warn' | 'bad' | 'muted'

export const badge = (tone: Tone, text: string): SafeHtml => html`<span class="badge ${tone}">${text}</span>`

/** A section with an anchor id the browser test and a reader's bookmarks use. */
export const section = (id: string, title: string, body: HtmlValue, extra?: HtmlValue): SafeHtml =>
  html`<section id="${id}" class="block">
    <h2>${title}${extra ? html` <span class="count">${extra}</span>` : ''}</h2>
    ${body}
  </section>`

/** A table whose head repeats on every printed page. */
export const table = (cls: string, head: readonly string[], rows: readonly SafeHtml[]): SafeHtml =>
  html`<table class="${cls}">
    <thead>
      <tr>
        ${head.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`

export const empty = (text: string): SafeHtml => html`<p class="empty">${text}</p>`

/** The worst of several tones, for a summary of many. */
export function worst(tones: readonly Tone[]): Tone {
  for (const t of ['bad', 'warn', 'ok'] as const) if (tones.includes(t)) return t
  return 'muted'
}
