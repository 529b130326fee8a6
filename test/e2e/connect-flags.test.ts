import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {kotadc, REPO_ROOT} from '../helpers/cli.js'
import {startSilentHost, writeSilentHostInventory} from '../helpers/silent-host-inventory.js'

interface PhaseJson {
  name: string
  status: string
  hosts: {host: string; status: string; error?: {code: string; message: string}}[]
}

// A host that accepts TCP and never says a word: its handshake waits for the timeout. The inventory sets no
// site.ssh.connectTimeout, so without the flag each command would wait the 10 s default.
describe('--connect-timeout reaches the runner of deploy, plan and drift (real processes)', () => {
  let repo: string
  let silent: Awaited<ReturnType<typeof startSilentHost>>

  beforeAll(async () => {
    if (!existsSync(join(REPO_ROOT, 'dist/src/commands/deploy.js'))) throw new Error('dist/ is missing: run `npm run build` first')
    silent = await startSilentHost()
    repo = mkdtempSync(join(tmpdir(), 'kotadc-e2e-connect-'))
    writeSilentHostInventory(repo, silent.port)
  })
  afterAll(async () => {
    await silent?.stop()
    if (repo) rmSync(repo, {recursive: true, force: true})
  })

  it.each([['plan'], ['drift'], ['deploy', '--yes']])(
    '%s --connect-timeout 1: the silent host is unreachable after a 1000 ms handshake timeout, exit 3',
    (command, ...rest) => {
      const r = kotadc(repo, command, ...rest, '--phase', 'base', '--connect-timeout', '1', '--connect-concurrency', '4', '--json')
      expect(r.status, r.stderr).toBe(3)
      const base = (r.json<{phases: PhaseJson[]}>().phases ?? []).find((p) => p.name === 'base')
      expect(base).toMatchObject({
        status: 'failed',
        hosts: [{host: 'web1', status: 'unreachable', error: {code: 'SSH_CONNECT_TIMEOUT', message: expect.stringContaining('within 1000 ms')}}],
      })
    },
  )
})
