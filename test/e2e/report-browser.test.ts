import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {loadInventory} from '../../src/inventory/load.js'
import {MESSAGES, REPORT_LANGS, type ReportLang} from '../../src/report/messages/index.js'
import type {StatusSnapshot} from '../../src/status/model.js'
import {type CliRun, REPO_ROOT, runKotadc} from '../helpers/cli.js'
import {ARTIFACTS, launchChromium, requireChromium, visit, WIDEST_RIGHT} from '../helpers/report-browser.js'
import {snapshotOf} from '../helpers/status-snapshot.js'

// In the page: rows whose cell count differs from their table's headings, as `section: cells/headings`.
const ROWS_OFF_THEIR_HEADINGS = `[...document.querySelectorAll('table')].flatMap((t) => {
  const heads = t.querySelectorAll('thead th').length
  return heads ? [...t.querySelectorAll('tbody tr')].filter((r) => r.cells.length !== heads).map((r) => t.closest('section').id + ': ' + r.cells.length + '/' + heads) : []
})`

// Under CI=true a missing chromium fails here instead of skipping.
const need = requireChromium()

describe.skipIf(!need.ok)(`kotadc report in headless Chromium${need.ok ? '' : ` (${need.reason})`}`, () => {
  let browser: Browser
  let snapshot: StatusSnapshot
  let dir: string
  const runs = new Map<ReportLang, CliRun>()
  const pageOf = (lang: ReportLang): string => join(ARTIFACTS, `report-${lang}.html`)

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, {recursive: true})
    dir = mkdtempSync(join(tmpdir(), 'kotadc-report-browser-'))
    // The example inventory with fixed states (one host down, a stopped service, a stale backup...): no lab needed.
    snapshot = snapshotOf((await loadInventory({dir: join(REPO_ROOT, 'inventory'), environ: {}})).inventory, {troubled: true})
    writeFileSync(join(dir, 'status.json'), JSON.stringify(snapshot, null, 2))
    for (const lang of REPORT_LANGS)
      runs.set(lang, runKotadc(['report', '--from', join(dir, 'status.json'), '--out', pageOf(lang), '--lang', lang, '--json']))
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    rmSync(dir, {recursive: true, force: true})
  })

  for (const lang of REPORT_LANGS) {
    it(`--lang ${lang}: loads nothing, has every row, no console error; screenshots and an A4 PDF in test-results/`, async () => {
      const out = pageOf(lang)
      const run = runs.get(lang)!
      expect(run.stderr).toBe('')
      expect(run.status).toBe(0)
      expect(run.json()).toMatchObject({
        out,
        lang,
        source: 'snapshot',
        site: snapshot.site,
        overall: 'unreachable',
        problems: snapshot.problems.length,
      })

      const v = await visit(browser, out)
      const {page} = v
      const say = MESSAGES[lang]
      expect(await page.locator('html').getAttribute('lang')).toBe(lang)
      expect(await page.textContent('#overall')).toBe(say['overall.unreachable'])
      expect(await page.textContent('h1')).toContain(snapshot.site)

      const workloads = snapshot.agencies.flatMap((a) => a.workloads)
      expect(await page.locator('#problems tbody tr').count()).toBe(snapshot.problems.length)
      expect(await page.locator('#agencies [data-agency]').count()).toBe(snapshot.agencies.length)
      expect(await page.locator('#agencies tr[data-workload]').count()).toBe(workloads.length)
      expect(await page.locator('#hosts [data-host]').count()).toBe(snapshot.hosts.length)
      expect(await page.locator('#hosts svg.bar').count()).toBe(
        snapshot.hosts.reduce((n, h) => n + (h.memory ? 1 : 0) + (h.filesystems?.length ?? 0), 0),
      )
      expect(await page.locator('#backups tbody tr').count()).toBe(snapshot.backups.length)
      expect(await page.locator('#certificates tbody tr').count()).toBe(snapshot.certificates.length)
      expect(await page.locator('#deploys tbody tr').count()).toBe(Math.min(20, snapshot.deploys.length))
      // The rows say what the snapshot says, in this language.
      const stopped = workloads.find((w) => w.state === 'stopped')!
      expect(await page.locator(`tr[data-workload="${stopped.name}"] .badge`).textContent()).toBe(say['workload.stopped'])
      const stale = snapshot.backups.find((b) => b.status === 'stale')!
      expect(await page.locator(`tr[data-backup="${stale.workload}"]`).getAttribute('class')).toBe('bad')
      expect(await page.locator(`tr[data-backup="${stale.workload}"] .badge`).first().textContent()).toBe(say['backup.stale'])
      const down = snapshot.hosts.find((h) => !h.reachable)!
      expect(await page.locator(`[data-host="${down.name}"] .badge`).textContent()).toBe(say['host.unreachable'])
      expect(await page.locator('#backups tbody tr').first().getAttribute('data-backup')).toBe(
        snapshot.backups.find((b) => b.status === 'never')!.workload,
      )

      // Every row of every table has one cell under each heading.
      expect(await page.evaluate<string[]>(ROWS_OFF_THEIR_HEADINGS)).toEqual([])
      // A wall screen never scrolls sideways, and no cell spills out of its card or table.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1920)
      expect(await page.evaluate<number>(WIDEST_RIGHT)).toBeLessThanOrEqual(1920)
      expect(await page.locator('script, link, img, iframe').count()).toBe(0)

      await page.screenshot({path: join(ARTIFACTS, `report-${lang}-1920x1080.png`)})
      await page.screenshot({path: join(ARTIFACTS, `report-${lang}-full.png`), fullPage: true})
      // Default print settings (no background graphics): colours must survive as text, borders and SVG fills.
      const pdf = await page.pdf({path: join(ARTIFACTS, `report-${lang}-A4.pdf`), format: 'A4', printBackground: false})
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length
      expect(pages).toBeGreaterThan(1)

      expect(v.blocked).toEqual([])
      expect(v.requests).toEqual([pathToFileURL(out).href])
      expect(v.errors).toEqual([])
      await page.context().close()
    })
  }

  it('fits A4 when printed: nothing is wider than the paper between its margins', async () => {
    // 190 mm (A4 less the 10 mm side margins of the page's @page rule) at 96 px per inch.
    const width = Math.floor((190 / 25.4) * 96)
    for (const lang of REPORT_LANGS) {
      const v = await visit(browser, pageOf(lang), {width, height: 1000})
      await v.page.emulateMedia({media: 'print'})
      expect(await v.page.evaluate<number>(WIDEST_RIGHT), lang).toBeLessThanOrEqual(width)
      await v.page.context().close()
    }
  })

  it('shows an agency called <script> as text: nothing runs, nothing loads', async () => {
    const evil = '<script>alert(document.domain)</script>'
    const hostile: StatusSnapshot = {
      ...snapshot,
      agencies: [
        {
          code: evil,
          name: '<img src=x onerror=alert(1)>',
          workloads: [{name: evil, agency: evil, kind: 'container', host: 'docker1', state: 'running'}],
        },
      ],
    }
    writeFileSync(join(dir, 'hostile.json'), JSON.stringify(hostile))
    const out = join(dir, 'hostile.html')
    expect(runKotadc(['report', '--from', join(dir, 'hostile.json'), '--out', out]).status).toBe(0)
    const v = await visit(browser, out)
    expect(await v.page.locator('[data-agency] h3').textContent()).toBe(`${evil} <img src=x onerror=alert(1)>`)
    expect(await v.page.locator('script, img').count()).toBe(0)
    expect(v.blocked).toEqual([])
    expect(v.errors).toEqual([])
    expect(readFileSync(out, 'utf8')).not.toContain('<script>')
    await v.page.context().close()
  })
})
