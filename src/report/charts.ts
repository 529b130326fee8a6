import {percent} from './format.js'
import {html, type SafeHtml} from './html.js'
import {usageTone} from './tones.js'

/**
 * A horizontal bar of `used` out of `total` as inline SVG: no image file, no script, and its fill prints (browsers
 * drop CSS backgrounds when printing, not SVG fills). `label` is read by screen readers and shown as a tooltip.
 */
export function usageBar(used: number, total: number, label: string): SafeHtml {
  const pct = Math.min(100, Math.max(0, percent(used, total)))
  return html`<svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label="${label}">
    <title>${label}</title>
    <rect class="track" x="0" y="0" width="100" height="8" />
    <rect class="fill ${usageTone(pct)}" x="0" y="0" width="${pct}" height="8" />
  </svg>`
}
