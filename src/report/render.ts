import type {StatusSnapshot} from '../status/model.js'
import {renderAgencies} from './agencies.js'
import {renderBackups} from './backups.js'
import {renderCertificates} from './certificates.js'
import {renderDeploys} from './deploys.js'
import {formatTime} from './format.js'
import {renderHeader} from './header.js'
import {renderHosts} from './hosts.js'
import {html, trusted} from './html.js'
import {type ReportLang, sayer} from './messages/index.js'
import {renderProblems} from './problems.js'
import {REPORT_CSS} from './style.js'

// Nothing may load or run even if a value slipped past escaping: no scripts, no fetches, styles only from this page.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

/**
 * The whole report as one self-contained HTML document: inline CSS and SVG, no script, no font, no image, no link
 * out. Pure: the same snapshot and language always give the same bytes, live or from a saved `status --json`.
 */
export function renderReport(s: StatusSnapshot, lang: ReportLang): string {
  const say = sayer(lang)
  const page = html`<!doctype html>
    <html lang="${say('lang')}">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${CSP}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="generator" content="kotadc" />
        <title>${say('title')}: ${s.site} · ${formatTime(s.at)} UTC</title>
        <style>
          ${trusted(REPORT_CSS)}
        </style>
      </head>
      <body class="overall-${s.overall}">
        ${renderHeader(s, say)} ${renderProblems(s.problems, say)} ${renderAgencies(s.agencies, say)} ${renderHosts(s.hosts, say)}
        ${renderBackups(s.backups, say)} ${renderCertificates(s.certificates, say)} ${renderDeploys(s.deploys, say)}
        <footer>${say('generatedNote')}</footer>
      </body>
    </html> `
  return page.text
}
