import {describe, expect, it} from 'vitest'
import {loadInventory} from '../../../src/inventory/load.js'
import {escapeHtml, html} from '../../../src/report/html.js'
import {MESSAGES} from '../../../src/report/messages/index.js'
import {renderReport} from '../../../src/report/render.js'
import type {StatusSnapshot} from '../../../src/status/model.js'
import {snapshotOf} from '../../helpers/status-snapshot.js'

const example = async (troubled: boolean): Promise<StatusSnapshot> =>
  snapshotOf((await loadInventory({dir: 'inventory', environ: {}})).inventory, {troubled})
const count = (page: string, re: RegExp): number => page.match(re)?.length ?? 0

const EVIL = '<script>alert(1)</script>'
const hostile = (s: StatusSnapshot): StatusSnapshot => ({
  ...s,
  site: `<b>${s.site}</b>`,
  agencies: [
    {
      code: EVIL,
      name: '"><img src=x onerror=alert(2)>',
      workloads: [
        {name: "x' onmouseover='alert(3)", agency: EVIL, kind: 'container', host: 'docker1', state: 'running', detail: '</table><style>*{}</style>'},
      ],
    },
  ],
  problems: [
    {kind: 'workload', subject: EVIL, message: '<iframe src="https://evil.example">', command: 'kotadc drift && <a href=//x>', severity: 'attention'},
  ],
})

describe('renderReport', () => {
  it('renders names as text: an agency called <script> cannot run or load anything', async () => {
    const page = renderReport(hostile(await example(true)), 'en')
    expect(page).not.toContain('<script')
    expect(page).not.toContain('<img')
    expect(page).not.toContain('<iframe')
    expect(page).not.toContain('<a ')
    expect(page).not.toContain("x' onmouseover")
    expect(count(page, /<style>/g)).toBe(1)
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;')
    expect(page).toContain('&lt;b&gt;')
  })

  it('is self-contained: no script, no external resource, and a policy that forbids both', async () => {
    const page = renderReport(await example(true), 'en')
    expect(page).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|@import|url\(|\b(src|href|srcset)=/i)
    expect(page).not.toMatch(/https?:\/\//)
    expect(page).toContain('http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;')
  })

  it('holds a row for every workload, host, backup, certificate and deploy (at most 20)', async () => {
    const s = await example(true)
    const more: StatusSnapshot = {...s, deploys: [...s.deploys, ...s.deploys.slice(0, 5)]}
    const page = renderReport(more, 'en')
    expect(count(page, /data-workload=/g)).toBe(s.agencies.reduce((n, a) => n + a.workloads.length, 0))
    expect(count(page, /data-agency=/g)).toBe(s.agencies.length)
    expect(count(page, /data-host=/g)).toBe(s.hosts.length)
    expect(count(page, /data-backup=/g)).toBe(s.backups.length)
    expect(count(page, /data-certificate=/g)).toBe(s.certificates.length)
    const deploys = page.slice(page.indexOf('id="deploys"'))
    expect(count(deploys, /<tr class=/g)).toBe(20)
    // Every deploy row has a cell under each heading, the first its audit number (for `kotadc audit show N`).
    expect(count(deploys, /<td[ >]/g)).toBe(20 * count(deploys.slice(0, deploys.indexOf('</thead>')), /<th>/g))
    expect(deploys).toMatch(/data-deploy="57">\s*<td class="num">57<\/td>/)
    expect(count(page, /data-problem=/g)).toBe(s.problems.length)
    expect(count(page, /<svg class="bar"/g)).toBe(s.hosts.reduce((n, h) => n + (h.memory ? 1 : 0) + (h.filesystems?.length ?? 0), 0))
  })

  it('shows why a host could not be asked, and a reachable host whose probe failed', async () => {
    const s = await example(true)
    const probed: StatusSnapshot = {
      ...s,
      hosts: s.hosts.map((h) => (h.name === 'db1' ? {...h, error: {code: 'STATUS_PROBE_FAILED', message: 'df did not answer'}} : h)),
    }
    const page = renderReport(probed, 'en')
    expect(page).toMatch(/data-host="hv1">[\s\S]*?hv1 did not answer on port 22 \[SSH_CONNECT_TIMEOUT\]/)
    expect(page).toMatch(/<article class="card host warn" data-host="db1">[\s\S]*?df did not answer \[STATUS_PROBE_FAILED\]/)
  })

  it('is the same bytes for the same snapshot (no clock, no randomness)', async () => {
    const s = await example(true)
    expect(renderReport(s, 'id')).toBe(renderReport(structuredClone(s), 'id'))
  })

  it('with lang id: Indonesian labels and states, names and data as they are', async () => {
    const s = await example(true)
    const page = renderReport(s, 'id')
    expect(page).toContain('<html lang="id">')
    for (const label of ['Perlu perhatian', 'Host tidak terjangkau', 'berhenti', 'belum dipasang', 'terlambat', 'Penerapan terakhir'])
      expect(page).toContain(label)
    for (const english of [
      MESSAGES.en.agencies,
      MESSAGES.en.backups,
      MESSAGES.en.deploys,
      MESSAGES.en['workload.stopped'],
      MESSAGES.en['overall.unreachable'],
    ])
      expect(page).not.toContain(`>${english}<`)
    expect(page).toContain(s.site)
    expect(page).toContain('Badan Pendapatan Daerah')
    expect(page).toContain(s.backups[0]!.workload)
  })

  it('says all is well, and shows empty sections, for a site with nothing in them', async () => {
    const s: StatusSnapshot = {...(await example(false)), agencies: [], backups: [], certificates: [], deploys: []}
    expect(s.overall).toBe('ok')
    const page = renderReport(s, 'en')
    for (const text of [MESSAGES.en['overall.ok'], MESSAGES.en.noProblems, MESSAGES.en.noBackups, MESSAGES.en.noCertificates, MESSAGES.en.noDeploys])
      expect(page).toContain(text)
  })
})

describe('html', () => {
  it('escapes every interpolated value and passes nested html through once', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
    const inner = html`<i>${'<b>'}</i>`
    expect(html`<p title="${'"x"'}">${inner}${['<', 1, null, false, undefined]}</p>`.text).toBe('<p title="&quot;x&quot;"><i>&lt;b&gt;</i>&lt;1</p>')
  })
})
