import {spawnSync} from 'node:child_process'
import {delimiter, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {kotadc} from '../helpers/cli.js'

const root = join(import.meta.dirname, '..', '..')

/**
 * The machine's own PATH, without the pinned Node that npm scripts put first: what a new user's shell has when they
 * type `npx kotadc` after `npm ci`.
 */
function systemPath(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(delimiter)
}

describe('a first run prints only kotadc output', () => {
  it('npx kotadc --version on the system Node writes nothing to stderr', () => {
    const r = spawnSync('npx', ['--no-install', 'kotadc', '--version'], {
      cwd: root,
      env: {...process.env, PATH: systemPath(), npm_config_update_notifier: 'false'},
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^kotadc\/\d+\.\d+\.\d+ /)
    expect(r.stderr).toBe('')
  })
})

describe('the main job on the example data center is valid and says only what is true', () => {
  it('kotadc validate: exit 0, the DEMO identity banner and no warning (the VMs are hosts: their backups run inside them)', () => {
    const r = kotadc(root, 'validate', '--no-color')
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^inventory valid: site kotamobagu-dc, 23 files: .*backup policies\n$/)
    expect(r.stderr.trimEnd()).toBe(
      'using the DEMO age identity inventory/DEMO-age-identity.txt: its secrets are public, for the example and the lab, never for a real site (README: Secrets)',
    )
  })

  it('--json carries the demo identity for machines, and no warnings', () => {
    const r = kotadc(root, 'validate', '--json')
    expect(r.status, r.stderr).toBe(0)
    const json = JSON.parse(r.stdout) as {warnings: {code: string; subject: string}[]}
    expect(json).toMatchObject({valid: true, demoIdentity: 'inventory/DEMO-age-identity.txt'})
    expect(json.warnings).toEqual([])
    expect(r.stderr).toBe('')
  })
})
