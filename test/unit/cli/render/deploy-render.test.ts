import {describe, expect, it} from 'vitest'
import {renderDeploy} from '../../../../src/cli/render/deploy.js'
import {plain} from '../../../../src/cli/style.js'
import type {HostReport, TaskReport} from '../../../../src/exec/runner/types.js'
import type {DeployResult} from '../../../../src/services/deploy.js'

const task = (name: string, status: TaskReport['status']): TaskReport => ({name, type: 'file', status, summary: `${name} ${status}`})
const host = (
  name: string,
  status: HostReport['status'],
  durationMs: number,
  tasks: TaskReport[] = [task('motd', status === 'changed' ? 'changed' : 'ok')],
): HostReport => ({host: name, status, tasks, handlers: [], durationMs})

const result = (): DeployResult => ({
  site: 'kota',
  env: 'lab',
  outcome: 'failed',
  exitCode: 3,
  audit: {
    at: '2026-01-01T00:00:00Z',
    user: 'u',
    host: 'h',
    command: 'kotadc deploy',
    site: 'kota',
    env: 'lab',
    inventoryCommit: 'abcdef1234567890',
    dirty: false,
    phases: [],
    outcome: 'failed',
    durationMs: 95_000,
  },
  phases: [
    {
      name: 'base',
      kind: 'playbook',
      status: 'changed',
      durationMs: 61_400,
      hosts: [host('hv1', 'ok', 12_000), host('net1', 'changed', 58_900), host('db1', 'ok', 20_100)],
    },
    {
      name: 'docker-hosts',
      kind: 'playbook',
      status: 'unchanged',
      durationMs: 9_000,
      hosts: [host('docker1', 'ok', 8_800), host('docker2', 'ok', 8_700)],
    },
    {
      name: 'firewall',
      kind: 'playbook',
      status: 'failed',
      durationMs: 24_600,
      hosts: [host('net2', 'failed', 24_000, [task('nft ruleset', 'failed')]), host('net1', 'ok', 4_000)],
    },
    {name: 'backups', kind: 'playbook', status: 'not-run', reason: 'phase firewall failed'},
  ],
})

describe('renderDeploy: output for people', () => {
  it('one line per phase with duration and counts; detail only for hosts that changed or failed; the slowest phase and host last', () => {
    expect(renderDeploy(result(), plain).split('\n')).toEqual([
      'base          changed    61.4s  1 changed, 2 ok, 0 failed',
      '    net1: changed (58.9s)',
      '      ~ motd: motd changed',
      'docker-hosts  unchanged  9.0s  0 changed, 2 ok, 0 failed',
      'firewall      failed     24.6s  0 changed, 1 ok, 1 failed',
      '    net2: failed (24.0s)',
      '      ! nft ruleset: nft ruleset failed',
      'backups       not-run (phase firewall failed)',
      'deploy failed (site kota, env lab, inventory abcdef123456, 95.0s; recorded in the audit log)',
      'slowest: phase base 61.4s, host net1 58.9s (base)',
    ])
  })

  it('--verbose shows every host, ok ones too', () => {
    const text = renderDeploy(result(), plain, true)
    for (const h of ['hv1: ok (12.0s)', 'db1: ok (20.1s)', 'docker1: ok (8.8s)', 'docker2: ok (8.7s)']) expect(text).toContain(`    ${h}`)
  })

  it('a task summary of hundreds of paths is cut to one readable line unless --verbose', () => {
    const r = result()
    const long = `run install -d ${Array.from({length: 256}, (_, i) => `/srv/restic/db1/repo/data/${i.toString(16).padStart(2, '0')}`).join(' ')}`
    r.phases[0]!.hosts![1]!.tasks = [{name: 'repository', type: 'command', status: 'changed', summary: long}]
    const line = renderDeploy(r, plain)
      .split('\n')
      .find((l) => l.includes('repository:'))
    expect(line).toMatch(/^ {6}~ repository: run install -d .{180,200}… \(\d+ more characters\)$/)
    expect(renderDeploy(r, plain, true)).toContain(long)
  })

  it('a deploy where nothing ran names no slowest phase', () => {
    const r = {...result(), phases: [{name: 'base', kind: 'playbook' as const, status: 'not-run' as const, reason: 'x'}]}
    expect(renderDeploy(r, plain)).not.toContain('slowest')
  })
})
