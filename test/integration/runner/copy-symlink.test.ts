import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {loadInventory} from '../../../src/inventory/load.js'
import {runPlaybook} from '../../../src/services/run-playbook.js'
import {requireBinary} from '../../helpers/require.js'
import type {Sshd} from '../../helpers/sshd.js'
import {startSshd} from '../../helpers/sshd.js'
import {writeSshdInventory} from '../../helpers/sshd-inventory.js'

const req = requireBinary('sshd', 'ssh-keygen')

// The attack: a harmless-looking copy source that is a symbolic link to kotadc's own state (.kotadc/) or to a
// private key (~/.ssh), so `kotadc run` ships that file to a host where others can read it.
describe.skipIf(!req.ok)(`copy sources are confined to templates/${req.reason ? ` (skipped: ${req.reason})` : ''}`, () => {
  let sshd: Sshd
  let repo: string
  let dest: string

  const playbook = (name: string, src: string) =>
    writeFileSync(
      join(repo, 'inventory/playbooks', `${name}.yaml`),
      ['targets: [web1]', 'tasks:', `  - {name: copy, copy: {src: ${src}, dest: ${dest}/${name}}}`, ''].join('\n'),
    )
  const run = async (name: string) => {
    const {inventory} = await loadInventory({dir: join(repo, 'inventory'), cwd: repo})
    return runPlaybook(inventory, {playbook: name, check: false, diff: false, cwd: repo, environ: {}})
  }

  beforeAll(async () => {
    sshd = await startSshd()
    repo = mkdtempSync(join(tmpdir(), 'kotadc-copy-link-'))
    dest = join(repo, 'on-host')
    mkdirSync(dest)
    writeSshdInventory(repo, sshd)
    mkdirSync(join(repo, '.kotadc'), {mode: 0o700})
    writeFileSync(join(repo, '.kotadc/state.json'), '{"token":"kotadc-private-state"}\n', {mode: 0o600})
    mkdirSync(join(repo, 'templates/files'), {recursive: true})
    writeFileSync(join(repo, 'templates/files/motd'), 'welcome\n')
    symlinkSync(join(repo, '.kotadc/state.json'), join(repo, 'templates/state.conf'))
    symlinkSync(sshd.clientKeyPath, join(repo, 'templates/id_ed25519'))
    symlinkSync(join(repo, 'inventory/hosts.yaml'), join(repo, 'templates/hosts'))
    symlinkSync(join(repo, 'templates/files/motd'), join(repo, 'templates/motd'))
  })

  afterAll(async () => {
    await sshd?.stop()
    if (repo) rmSync(repo, {recursive: true, force: true})
  })

  it('a link to .kotadc/ state is refused before anything connects or is copied', async () => {
    playbook('leak-state', 'state.conf')
    const before = sshd.connectionCount()
    await expect(run('leak-state')).rejects.toMatchObject({
      code: 'COPY_SOURCE_OUTSIDE',
      message: expect.stringContaining(`resolves to ${join(repo, '.kotadc/state.json')}`),
    })
    expect(existsSync(join(dest, 'leak-state'))).toBe(false)
    expect(sshd.connectionCount()).toBe(before)
  })

  it('a link to a private key outside the repository is refused', async () => {
    playbook('leak-key', 'id_ed25519')
    await expect(run('leak-key')).rejects.toMatchObject({code: 'COPY_SOURCE_OUTSIDE'})
    expect(existsSync(join(dest, 'leak-key'))).toBe(false)
  })

  it('a link into the inventory is refused too: only templates/ is shipped', async () => {
    playbook('leak-inventory', 'hosts')
    await expect(run('leak-inventory')).rejects.toMatchObject({code: 'COPY_SOURCE_OUTSIDE'})
    expect(existsSync(join(dest, 'leak-inventory'))).toBe(false)
  })

  it('a missing source is refused before connecting, naming where it looked', async () => {
    playbook('missing', 'files/nope')
    const before = sshd.connectionCount()
    await expect(run('missing')).rejects.toMatchObject({
      code: 'COPY_SOURCE_NOT_FOUND',
      message: expect.stringContaining('looked in templates/files/nope'),
      location: expect.objectContaining({file: 'inventory/playbooks/missing.yaml', line: 3}),
    })
    expect(sshd.connectionCount()).toBe(before)
  })

  it('a link that stays inside templates/ is still copied', async () => {
    playbook('motd', 'motd')
    const r = await run('motd')
    expect(r.summary.failed + r.summary.unreachable).toBe(0)
    expect(readFileSync(join(dest, 'motd'), 'utf8')).toBe('welcome\n')
  })
})
