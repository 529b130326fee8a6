/**
 * HTML that is safe by construction: every value interpolated into `html` is escaped unless it is itself the result
 * of `html` (or `trusted`). Names on the report come from agency files written by other people, so an agency called
 * `<script>` must reach the page as text; escaping at the one place values enter markup keeps that true everywhere.
 */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[]

const ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

/** Escapes text for an element body or a quoted attribute value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)

const piece = (v: HtmlValue): string => {
  if (v instanceof SafeHtml) return v.text
  if (Array.isArray(v)) return v.map(piece).join('')
  if (v === null || v === undefined || v === false) return ''
  return escapeHtml(String(v))
}

/** Tagged template: `html\`<td>${name}</td>\`` escapes `name`; nested `html` results pass through unchanged. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? ''
  values.forEach((v, i) => (out += piece(v) + (strings[i + 1] ?? '')))
  return new SafeHtml(out)
}

/** Markup written in this codebase (the stylesheet), never data. */
export const trusted = (text: string): SafeHtml => new SafeHtml(text)
