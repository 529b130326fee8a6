import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse} from 'yaml'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {CLI, NODE, REPO_ROOT, cliEnv} from '../helpers/cli.js'
import {requireBinary} from '../helpers/require.js'
import {waitFor} from '../helpers/wait.js'

const built = existsSync(join(REPO_ROOT, 'dist', 'src', 'commands', 'workload', 'add.js'))
const tmux = requireBinary('tmux')

// Issue 13 acceptance: `workload add` on a real terminal (a tmux pane on a private server), typed into as a person would.
describe.skipIf(!built || !tmux.ok)(`kotadc workload add on a terminal${tmux.reason ? ` (skipped: ${tmux.reason})` : ''}`, () => {
  let repo: string
  const socket = `kotadc-onboard-${process.pid}`
  const tm = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8', env: cliEnv()})
  const screen = (): string => tm('capture-pane', '-p', '-J', '-S', '-', '-t', 'k').stdout
  const type = (text: string): void => {
    if (text) tm('send-keys', '-t', 'k', '-l', text)
    tm('send-keys', '-t', 'k', 'Enter')
  }
  /** Waits for the `n`th time `prompt` is on screen (a refused answer asks the same question again). */
  const asked = (prompt: string, n = 1) => waitFor(() => screen().split(prompt).length > n, `question ${n}: ${prompt}`)

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'kotadc-onboard-tty-'))
    cpSync(join(REPO_ROOT, 'inventory'), join(repo, 'inventory'), {recursive: true, filter: (s) => !s.includes(join('inventory', 'envs'))})
  })
  afterAll(() => {
    tm('kill-server')
    rmSync(repo, {recursive: true, force: true})
  })

  it('asks for each missing value with the computed default, explains a wrong answer and asks again', async () => {
    const command = [NODE, CLI, 'workload', 'add', 'dinkes', 'wisata', '--no-plan', '--no-color', '-i', join(repo, 'inventory')].join(' ')
    const r = tm('-f', '/dev/null', 'new-session', '-d', '-s', 'k', '-x', '220', '-y', '60', '-c', repo, `${command}; echo "EXIT=$?"; sleep 600`)
    expect(r.status, r.stderr).toBe(0)

    await asked('template (static-site, vm-app, web-app): ')
    type('web-ap')
    await asked('there is no workload template web-ap')
    await asked('template (static-site, vm-app, web-app): ', 2)
    type('web-app')
    await asked('container image: ')
    type('Registry/UPPER')
    await asked('container image: ', 2)
    expect(screen()).toContain('container image "Registry/UPPER" cannot be used')
    type('registry.internal/dinkes/wisata:1.0.0')
    // docker2 carries fewer containers than docker1 in the example; 8000 is the lowest port free there.
    await asked('docker host [docker2]: ')
    type('')
    await asked('published port [8000]: ')
    type('8102')
    await asked('published port [8000]: ', 2)
    expect(screen()).toContain('another container on docker2 already publishes it')
    type('')
    await asked('database host [db1]: ')
    type('')
    await asked('domain [wisata.kotamobagukota.go.id]: ')
    type('portal-wisata.kotamobagukota.go.id')
    await asked('backup policy [standard]: ')
    type('critical')
    await asked('[y/N]')
    type('y')
    const done = await waitFor(() => /EXIT=\d+/.exec(screen())?.[0], 'kotadc to exit')
    expect(done, screen()).toBe('EXIT=0')

    const file = parse(readFileSync(join(repo, 'inventory', 'agencies', 'dinkes.yaml'), 'utf8')) as {workloads: Record<string, unknown>[]}
    expect(file.workloads.find((w) => w.name === 'wisata')).toMatchObject({
      host: 'docker2',
      port: 8000,
      image: 'registry.internal/dinkes/wisata:1.0.0',
      domain: 'portal-wisata.kotamobagukota.go.id',
      backup: {policy: 'critical'},
    })
    expect(file.workloads.find((w) => w.name === 'wisata-db')).toMatchObject({host: 'db1', databases: ['wisata']})
    expect(screen()).toContain('secret WISATA_DB_PASSWORD: new random value')
    expect(screen()).toMatch(/next steps:\n\s+1\. review: git diff/)
  })
})
