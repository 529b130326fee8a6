import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateIdentity} from 'age-encryption'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {CLI, NODE, REPO_ROOT, cliEnv, runKotadc} from '../helpers/cli.js'
import {requireBinary} from '../helpers/require.js'
import {waitFor} from '../helpers/wait.js'

const built = existsSync(join(REPO_ROOT, 'dist', 'src', 'commands', 'secrets', 'set.js'))
const tmux = requireBinary('tmux')
const TYPED = 'typed-pw-9d2e61b4'

// A real terminal: kotadc runs in a tmux pane on a private tmux server, and the test types into it as a person would.
describe.skipIf(!built || !tmux.ok)(`kotadc secrets on a terminal${tmux.reason ? ` (skipped: ${tmux.reason})` : ''}`, () => {
  let repo: string
  // A fresh tmux server per pane: a server being killed can still answer on its socket, and a new session on it then fails.
  let panes = 0
  let socket = `kotadc-secrets-${process.pid}-0`
  const tm = (...args: string[]) =>
    spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8', env: cliEnv({KOTADC_AGE_IDENTITY: join(repo, 'alice.txt')})})
  const screen = (): string => tm('capture-pane', '-p', '-J', '-S', '-', '-t', 'k').stdout
  /** Runs kotadc in a fresh pane that stays after it exits, so its last words can be read. */
  const start = (argv: string[]): void => {
    tm('kill-server')
    socket = `kotadc-secrets-${process.pid}-${++panes}`
    const command = [NODE, CLI, ...argv, '-i', join(repo, 'inventory'), '--no-color'].join(' ')
    const r = tm('-f', '/dev/null', 'new-session', '-d', '-s', 'k', '-x', '200', '-y', '50', '-c', repo, `${command}; echo "EXIT=$?"; sleep 600`)
    expect(r.status, r.stderr).toBe(0)
  }

  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), 'kotadc-secrets-tty-'))
    cpSync(join(REPO_ROOT, 'test/fixtures/inventory/valid/minimal'), join(repo, 'inventory'), {recursive: true})
    writeFileSync(join(repo, 'alice.txt'), `${await generateIdentity()}\n`)
  })
  afterAll(() => {
    tm('kill-server')
    rmSync(repo, {recursive: true, force: true})
  })

  it('`secrets set` asks for the value without echoing it, confirms, and stores what was typed', async () => {
    start(['secrets', 'set', 'SIMPUS_DB_PASSWORD'])
    await waitFor(() => screen().includes('(not shown):'), 'the value prompt')
    tm('send-keys', '-t', 'k', '-l', TYPED)
    tm('send-keys', '-t', 'k', 'Enter')
    await waitFor(() => screen().includes('[y/N]'), 'the confirmation question')
    tm('send-keys', '-t', 'k', 'y', 'Enter')
    const done = await waitFor(() => /EXIT=\d+/.exec(screen())?.[0], 'kotadc to exit')
    expect(done, screen()).toBe('EXIT=0')
    expect(screen()).toContain('created SIMPUS_DB_PASSWORD')
    expect(screen()).not.toContain(TYPED)
    const r = runKotadc(['secrets', 'get', 'SIMPUS_DB_PASSWORD', '--reveal', '--json', '-i', join(repo, 'inventory')], {
      cwd: repo,
      env: {KOTADC_AGE_IDENTITY: join(repo, 'alice.txt')},
    })
    expect(r.json()).toEqual({name: 'SIMPUS_DB_PASSWORD', value: TYPED})
  })

  it('`secrets get --reveal` prints the value on a terminal without --json', async () => {
    start(['secrets', 'get', 'SIMPUS_DB_PASSWORD', '--reveal'])
    const done = await waitFor(() => /EXIT=\d+/.exec(screen())?.[0], 'kotadc to exit')
    expect(done, screen()).toBe('EXIT=0')
    expect(screen()).toContain(TYPED)
  })

  it('answering no to the confirmation writes nothing', async () => {
    start(['secrets', 'rotate', 'SIMPUS_DB_PASSWORD'])
    await waitFor(() => screen().includes('[y/N]'), 'the confirmation question')
    tm('send-keys', '-t', 'k', 'n', 'Enter')
    const done = await waitFor(() => /EXIT=\d+/.exec(screen())?.[0], 'kotadc to exit')
    expect(done).toBe('EXIT=1')
    expect(screen()).toContain('DECLINED')
    const r = runKotadc(['secrets', 'get', 'SIMPUS_DB_PASSWORD', '--reveal', '--json', '-i', join(repo, 'inventory')], {
      cwd: repo,
      env: {KOTADC_AGE_IDENTITY: join(repo, 'alice.txt')},
    })
    expect(r.json().value).toBe(TYPED)
  })
})
