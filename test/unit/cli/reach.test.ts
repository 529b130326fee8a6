import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {REACH_NOTES} from '../../../src/cli/reach.js'

// The oclif manifest is what `kotadc --help` prints from (built by `npm run build`).
const manifest = JSON.parse(readFileSync('oclif.manifest.json', 'utf8')) as {commands: Record<string, {description?: string}>}
const described = Object.entries(manifest.commands).map(([id, c]) => [id, c.description ?? ''] as const)

describe('help says what each command reaches', () => {
  it('every command description ends with one reach note', () => {
    const notes = Object.values(REACH_NOTES)
    expect(described.filter(([, d]) => !notes.some((n) => d.endsWith(n))).map(([id]) => id)).toEqual([])
  })

  it('commands that contact hosts say so, and offline ones say they do not', () => {
    const of = (id: string) => described.find(([x]) => x === id)?.[1]
    for (const id of [
      'pki:status',
      'hosts:ping',
      'exec',
      'run',
      'deploy',
      'plan',
      'drift',
      'backup:status',
      'backup:verify',
      'agency:add',
      'workload:add',
      'workload:remove',
      'onboard',
    ])
      expect(of(id), id).toContain(REACH_NOTES.hosts)
    for (const id of ['dns:records', 'validate', 'inventory:list', 'stacks:synth', 'pki:init']) expect(of(id), id).toContain(REACH_NOTES.offline)
  })
})
