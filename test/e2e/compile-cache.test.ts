import {mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {runKotadc} from '../helpers/cli.js'

const home = mkdtempSync(join(tmpdir(), 'kotadc-home-'))
afterAll(() => rmSync(home, {recursive: true, force: true}))

describe('compiled code is cached between runs, privately', () => {
  it("lands in the operator's own cache directory with mode 0700, and a second run still works from it", () => {
    const env = {HOME: home, XDG_CACHE_HOME: undefined, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: undefined}
    expect(runKotadc(['--version'], {env}).status).toBe(0)
    const cache = join(home, '.cache', 'kotadc', 'node-compile-cache')
    expect(statSync(cache).mode & 0o777).toBe(0o700)
    expect(readdirSync(cache).length).toBeGreaterThan(0)
    const again = runKotadc(['--version'], {env})
    expect(again.status).toBe(0)
    expect(again.stderr).toBe('')
  })

  it('follows XDG_CACHE_HOME', () => {
    const xdg = join(home, 'xdg')
    expect(runKotadc(['--version'], {env: {HOME: home, XDG_CACHE_HOME: xdg, NODE_COMPILE_CACHE: undefined}}).status).toBe(0)
    expect(readdirSync(join(xdg, 'kotadc', 'node-compile-cache')).length).toBeGreaterThan(0)
  })
})
