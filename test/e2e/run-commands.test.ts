import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {kotadc, REPO_ROOT} from '../helpers/cli.js'
import {requireBinary} from '../helpers/require.js'
import type {Sshd} from '../helpers/sshd.js'
import {startSshd} from '../helpers/sshd.js'
import {writeSshdInventory} from '../helpers/sshd-inventory.js'

const root = REPO_ROOT

beforeAll(() => {
  if (!existsSync(join(root, 'dist/src/commands/run.js'))) throw new Error('dist/ is missing: run `npm run build` first')
})

describe('kotadc run with a broken playbook', () => {
  const bad = join(root, 'test/fixtures/playbooks/invalid/bad-task.yaml')

  it('exits 1 and lists every problem with file:line:col, without a stack trace', () => {
    const r = kotadc(root, 'run', bad, '-i', 'inventory', '--yes')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      'test/fixtures/playbooks/invalid/bad-task.yaml:6:13  tasks[0].file.path: expected an absolute path, got "etc/motd"  [TASK_ARG_INVALID]',
    )
    expect(r.stderr).toContain('bad-task.yaml:9:5  tasks[1].fiel: unknown task type or key "fiel"')
    expect(r.stderr).toContain('[PLAYBOOK_INVALID]')
    expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
    expect(r.stdout).toBe('')
  })

  it('gives the issues under --json', () => {
    const r = kotadc(root, 'run', bad, '-i', 'inventory', '--json')
    expect(r.status).toBe(1)
    const err = (JSON.parse(r.stdout) as {error: {code: string; location: {line: number}; details: {issues: unknown[]}}}).error
    expect(err).toMatchObject({code: 'PLAYBOOK_INVALID', location: {line: 6}})
    expect(err.details.issues).toHaveLength(3)
  })
})

describe('kotadc run with an unknown variable in an expression', () => {
  it('exits 1 naming each expression at file:line:col, before any host is contacted', () => {
    const r = kotadc(root, 'run', join(root, 'test/fixtures/playbooks/invalid/unknown-variable.yaml'), '-i', 'inventory', '--check')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      'test/fixtures/playbooks/invalid/unknown-variable.yaml:6:22  tasks[0].file.path: unknown variable host.nmae  [PLAYBOOK_UNKNOWN_VARIABLE]',
    )
    expect(r.stderr).toContain('unknown-variable.yaml:7:46  tasks[0].file.content: unknown variable prot  [PLAYBOOK_UNKNOWN_VARIABLE]')
    expect(r.stderr).toContain('did you mean "name"?')
    expect(r.stderr).not.toMatch(/connect|unreachable/i)
  })
})

const req = requireBinary('sshd', 'ssh-keygen')

describe.skipIf(!req.ok)(`kotadc hosts ping / run / exec against a test sshd${req.reason ? ` (skipped: ${req.reason})` : ''}`, () => {
  let sshd: Sshd
  let repo: string

  beforeAll(async () => {
    sshd = await startSshd()
    repo = mkdtempSync(join(tmpdir(), 'kotadc-e2e-run-'))
    writeSshdInventory(repo, sshd)
  })
  afterAll(async () => {
    await sshd?.stop()
    if (repo) rmSync(repo, {recursive: true, force: true})
  })

  it('hosts ping --json reports reachability, the host key and OS facts', () => {
    const r = kotadc(repo, 'hosts', 'ping', '--json')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const [h] = JSON.parse(r.stdout) as Array<Record<string, unknown>>
    expect(h).toMatchObject({
      host: 'web1',
      address: '127.0.0.1',
      ok: true,
      fingerprint: sshd.hostKeyFingerprint,
      os: {id: 'debian', arch: expect.any(String)},
    })
    expect(h?.latencyMs).toEqual(expect.any(Number))
  })

  it('refuses to run a mutating playbook without --yes when there is no terminal; --check needs none', () => {
    const r = kotadc(repo, 'run', 'base', '--json')
    expect(r.status).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({error: {code: 'CONFIRMATION_REQUIRED'}})
    // Check mode only reads facts, so it runs without --yes (and exits 0 with the pending changes).
    const check = kotadc(repo, 'run', 'base', '--check', '--tags', 'timezone', '--json')
    expect(check.status).toBe(0)
    expect(JSON.parse(check.stdout)).toMatchObject({
      playbook: 'base',
      check: true,
      hosts: [{host: 'web1', tasks: [{name: 'timezone: /etc/timezone'}, {name: 'timezone: /etc/localtime'}]}],
    })
  })

  it('exec runs argv on the host, quoted once, and reports exit codes', () => {
    const ok = kotadc(repo, 'exec', 'web1', '--yes', '--json', '--', 'sh', '-c', 'echo "$1"', 'sh', '$(id) literal')
    expect(ok.status).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({hosts: [{host: 'web1', status: 'ok', exitCode: 0, stdout: '$(id) literal\n'}]})
    const bad = kotadc(repo, 'exec', 'all', '--yes', '--', 'false')
    expect(bad.status).toBe(3)
    expect(bad.stdout).toContain('web1  failed (exit 1)')
  })
})
