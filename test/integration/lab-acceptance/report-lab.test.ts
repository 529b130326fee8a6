import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {StatusSnapshot} from '../../../src/status/model.js'
import {runKotadc as cli} from '../../helpers/cli.js'
import {LAB_CLI_TIMEOUT_MS, LAB_TEST_TIMEOUT_MS, labFenceEnv, requireLab, writeLabInventory, labUpOrThrow} from '../../helpers/lab.js'
import {labHooks} from '../../helpers/lab-state.js'
import {ARTIFACTS, launchChromium, requireChromium, visit} from '../../helpers/report-browser.js'

// Issue 14, the report on a real lab: `kotadc report --env lab` gathers live over SSH, and `status --json` saved to a
// file then `report --from` renders the same site offline; both pages open in headless Chromium with the network off.
// Own site name and pool (10.90-10.99; status.test.ts uses 10.2-10.8, bench:status 10.9, other lab files 10.20 up).
const site = `iss14r-${process.pid}`
const pool = `10.${90 + (process.pid % 10)}.0.0/16`
const lab = requireLab()
const browserReq = lab.ok ? requireChromium() : lab

const HOSTS_YAML = `hosts:
  - {name: db1, address: 10.10.0.31, network: mgmt, roles: [database]}
  - {name: backup1, address: 10.10.0.41, network: mgmt, roles: [backup]}
`
// A name an agency file could hold: it must reach the page as text.
const DINKES = `agency: {code: dinkes, name: "Dinas Kesehatan <script>"}
workloads:
  - {name: simpus-db, kind: postgres, host: db1, databases: [simpus], backup: {policy: standard}}
`

describe.skipIf(!lab.ok || !browserReq.ok)(
  `in the lab: kotadc report live and from a saved status${lab.reason || browserReq.reason ? ` (skipped: ${lab.reason ?? browserReq.reason})` : ''}`,
  {timeout: LAB_TEST_TIMEOUT_MS},
  () => {
    let tmp: string
    let browser: Browser | undefined
    const kotadc = (...args: string[]) =>
      cli([...args, '-i', join(tmp, 'inventory')], {
        cwd: tmp,
        timeoutMs: LAB_CLI_TIMEOUT_MS,
        env: {...labFenceEnv(pool), KOTADC_SECRET_SIMPUS_DB_PASSWORD: 'lab simpus-db password', KOTADC_SECRET_RESTIC_PASSWORD_DB1: 'lab db1 restic'},
      })

    beforeAll(async () => {
      tmp = mkdtempSync(join(tmpdir(), 'kotadc-accept-report-'))
      writeLabInventory(tmp, site, {'hosts.yaml': HOSTS_YAML, 'agencies/dinkes.yaml': DINKES})
      labUpOrThrow(kotadc, pool)
      browser = await launchChromium()
    })
    afterAll(async () => browser?.close())
    labHooks(
      site,
      () => tmp,
      () => kotadc('lab', 'down', '--yes'),
    )

    it('live and from status --json: the same site, hosts and workload on a page that loads nothing', async () => {
      const deploy = kotadc('deploy', '--env', 'lab', '--phase', 'base', '--phase', 'databases', '--phase', 'backups', '--yes', '--json')
      expect(deploy.status, deploy.stderr + deploy.stdout.slice(0, 4000)).toBe(0)
      for (const step of [
        ['backup', 'run'],
        ['backup', 'drill'],
      ]) {
        const r = kotadc(...step, '--env', 'lab', '--json')
        expect(r.status, r.stderr + r.stdout.slice(0, 4000)).toBe(0)
      }

      mkdirSync(ARTIFACTS, {recursive: true})
      const livePage = join(ARTIFACTS, 'report-lab-live.html')
      const live = kotadc('report', '--env', 'lab', '--out', livePage, '--json')
      expect(live.status, live.stderr + live.stdout.slice(0, 4000)).toBe(0)
      expect(live.json()).toMatchObject({source: 'live', from: null, site, env: 'lab', out: livePage, overall: 'ok', problems: 0})

      const status = kotadc('status', '--env', 'lab', '--json')
      expect(status.status, status.stderr).toBe(0)
      const saved = join(tmp, 'status.json')
      writeFileSync(saved, status.stdout)
      const snapshot = status.json<StatusSnapshot>()
      expect(snapshot.hosts.map((h) => h.reachable)).toEqual([true, true])
      const fromPage = join(ARTIFACTS, 'report-lab-from.html')
      // Offline: the fence allows nothing, so a report that tried to contact a host would fail.
      const from = cli(['report', '--from', saved, '--out', fromPage, '--lang', 'id', '--json'], {
        cwd: tmp,
        env: {KOTADC_ALLOWED_NETWORKS: '127.0.0.1/32'},
      })
      expect(from.status, from.stderr).toBe(0)
      expect(from.json()).toMatchObject({source: 'snapshot', site, env: 'lab', overall: 'ok', problems: 0})

      for (const [page, lang] of [
        [livePage, 'en'],
        [fromPage, 'id'],
      ] as const) {
        const v = await visit(browser!, page)
        expect(await v.page.textContent('h1')).toContain(site)
        expect(await v.page.locator('#hosts [data-host]').count()).toBe(2)
        for (const host of ['db1', 'backup1']) expect(await v.page.locator(`[data-host="${host}"] svg.bar`).count()).toBeGreaterThanOrEqual(2)
        expect(await v.page.locator('tr[data-workload="simpus-db"] .badge').textContent()).toBe(lang === 'en' ? 'running' : 'berjalan')
        expect(await v.page.locator('[data-agency="dinkes"] h3').textContent()).toBe('dinkes Dinas Kesehatan <script>')
        expect(await v.page.locator('#overall').textContent()).toBe(lang === 'en' ? 'All is well' : 'Semua normal')
        expect(await v.page.locator('tr[data-backup="simpus-db"] .badge').allTextContents()).toEqual(
          lang === 'en' ? ['fresh', 'passed'] : ['terbaru', 'lulus'],
        )
        expect(await v.page.locator('#deploys tbody tr').count()).toBe(1)
        expect(await v.page.locator('script').count()).toBe(0)
        await v.page.screenshot({path: page.replace(/\.html$/, '-1920x1080.png')})
        expect(v.requests).toEqual([pathToFileURL(page).href])
        expect(v.blocked).toEqual([])
        expect(v.errors).toEqual([])
        await v.page.context().close()
      }
      expect(readFileSync(fromPage, 'utf8')).not.toContain('<script>')
    })
  },
)
