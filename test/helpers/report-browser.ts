import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {type Browser, chromium, type Page} from 'playwright-core'
import {REPO_ROOT} from './cli.js'
import {type Requirement, requireBinary} from './require.js'

/** Debian's chromium, never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium'
/** Where the report tests keep their pages, screenshots and PDFs (git-ignored; CI keeps it as artifacts). */
export const ARTIFACTS = join(REPO_ROOT, 'test-results')

/** Under CI=true a missing chromium fails the test file instead of skipping it. */
export const requireChromium = (): Requirement => requireBinary(CHROMIUM)

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })

/** What the page did: every request it tried, console errors and uncaught exceptions, dialogs a script would open. */
export interface Visit {
  page: Page
  requests: string[]
  blocked: string[]
  errors: string[]
}

// Evaluated in the page (as text: the tests' TypeScript has no DOM types): the right edge of the widest element.
export const WIDEST_RIGHT = "Math.max(...[...document.querySelectorAll('body *')].map((e) => e.getBoundingClientRect().right))"

/** Opens a report file in a fresh offline context; close it with `visit.page.context().close()`. */
export async function visit(browser: Browser, file: string, viewport = {width: 1920, height: 1080}): Promise<Visit> {
  const context = await browser.newContext({viewport, offline: true})
  const v: Visit = {page: await context.newPage(), requests: [], blocked: [], errors: []}
  // The network is off twice over: the context is offline, and anything but the report file itself is aborted and recorded.
  await context.route('**/*', async (route) => {
    const url = route.request().url()
    if (url.startsWith('file:')) return route.continue()
    v.blocked.push(url)
    return route.abort()
  })
  v.page.on('request', (r) => v.requests.push(r.url()))
  v.page.on('console', (m) => m.type() === 'error' && v.errors.push(`console: ${m.text()}`))
  v.page.on('pageerror', (e) => v.errors.push(`pageerror: ${e.message}`))
  v.page.on('dialog', (d) => void d.dismiss().then(() => v.errors.push(`dialog: ${d.message()}`)))
  await v.page.goto(pathToFileURL(file).href, {waitUntil: 'load'})
  return v
}
