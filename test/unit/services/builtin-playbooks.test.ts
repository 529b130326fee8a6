import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {BUILTIN_PLAYBOOKS, PLAIN_BUILTINS, PREPARED_BUILTINS, RUNNABLE_BUILTINS} from '../../../src/services/builtin-playbooks.js'
import {PHASES} from '../../../src/services/deploy/phases.js'
import {resolvePlaybook} from '../../../src/services/run-playbook.js'

describe('the built-in playbook registry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kotadc-builtins-'))
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('holds each built-in once, as a plain or a prepared playbook', () => {
    const names = BUILTIN_PLAYBOOKS.map((b) => b.name)
    expect(new Set(names).size).toBe(names.length)
    expect([...Object.keys(PLAIN_BUILTINS), ...Object.keys(PREPARED_BUILTINS)].sort()).toEqual([...names].sort())
    expect(RUNNABLE_BUILTINS).toEqual(['hypervisor', 'base', 'docker-host'])
  })

  it('gives every playbook phase its playbook, and every built-in a phase', () => {
    const runs = PHASES.filter((p) => p.kind === 'playbook').map((p) => p.runs)
    expect([...runs].sort()).toEqual(BUILTIN_PLAYBOOKS.map((b) => b.name).sort())
  })

  it('kotadc run resolves the plain built-ins by name', async () => {
    for (const name of RUNNABLE_BUILTINS) expect((await resolvePlaybook(name, {inventoryDir: dir, cwd: dir})).name).toBe(name)
  })

  it('kotadc run refuses a built-in that reads live state, naming its deploy phase', async () => {
    await expect(resolvePlaybook('backup', {inventoryDir: dir, cwd: dir})).rejects.toMatchObject({
      code: 'PLAYBOOK_PHASE_ONLY',
      hint: expect.stringContaining('kotadc deploy --phase backups'),
    })
    await expect(resolvePlaybook('dns', {inventoryDir: dir, cwd: dir})).rejects.toMatchObject({code: 'PLAYBOOK_PHASE_ONLY'})
  })

  it('an unknown name lists the runnable built-ins', async () => {
    await expect(resolvePlaybook('bsae', {inventoryDir: dir, cwd: dir})).rejects.toMatchObject({
      code: 'PLAYBOOK_NOT_FOUND',
      hint: expect.stringMatching(/did you mean "base"\? available: hypervisor, base, docker-host/),
    })
  })
})
