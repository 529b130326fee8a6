import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {loadInventory} from '../../../src/inventory/load.js'
import {connectSsh} from '../../../src/exec/ssh/connect.js'
import type {RemoteShell} from '../../../src/exec/ssh/types.js'
import {newToken} from '../../../src/exec/runner/token.js'
import {runPlaybook, type RunPlaybookDeps, type RunPlaybookOptions} from '../../../src/services/run-playbook.js'
import {requireBinary} from '../../helpers/require.js'
import type {Sshd} from '../../helpers/sshd.js'
import {startSshd} from '../../helpers/sshd.js'
import {writeSshdInventory} from '../../helpers/sshd-inventory.js'

// Everything these tests change lives under a temp directory: task types that change system state (package, user,
// group, service, sysctl) appear only in states this machine already has, so they plan no change here.
const req = requireBinary('sshd', 'ssh-keygen', 'sudo')
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex')

describe.skipIf(!req.ok)(`runner against a real sshd${req.reason ? ` (skipped: ${req.reason})` : ''}`, () => {
  let sshd: Sshd
  let repo: string
  let work: string

  const run = async (playbook: string, o: Partial<RunPlaybookOptions> = {}, deps?: RunPlaybookDeps) => {
    const {inventory} = await loadInventory({dir: join(repo, 'inventory'), cwd: repo})
    return runPlaybook(inventory, {playbook, check: false, diff: false, cwd: repo, environ: {}, ...o}, deps)
  }
  /** The real transport, counting what crosses it: every command and every upload is one round trip. */
  const counted = () => {
    const trips = {n: 0}
    const connect = async (t: Parameters<typeof connectSsh>[0]): Promise<RemoteShell> => {
      const s = await connectSsh(t, {session: true})
      return {
        host: s.host,
        run: (script, opts) => (trips.n++, s.run(script, opts)),
        put: (path, content, opts) => (trips.n++, s.put(path, content, opts)),
        close: () => s.close(),
      }
    }
    return {trips, deps: {connect, token: newToken}}
  }
  const writePlaybook = (name: string, lines: string[]): void =>
    writeFileSync(join(repo, 'inventory/playbooks', `${name}.yaml`), lines.join('\n') + '\n')

  beforeAll(async () => {
    sshd = await startSshd()
    repo = mkdtempSync(join(tmpdir(), 'kotadc-run-'))
    work = join(repo, 'work')
    writeSshdInventory(repo, sshd)
    mkdirSync(join(repo, 'templates'), {recursive: true})
    mkdirSync(join(repo, 'templates/files'), {recursive: true})
    writeFileSync(join(repo, 'templates/app.conf'), 'name={{ host.name }}\nmotto={{ motto }}\n')
    writeFileSync(join(repo, 'templates/files/blob.bin'), Buffer.from([0, 1, 2, 3, 255]))
    writePlaybook('every-type', [
      'targets: [web1]',
      'vars: {motto: "steady"}',
      'tasks:',
      `  - {name: dir, directory: {path: ${work}, mode: "0750"}}`,
      `  - {name: file, file: {path: ${work}/plain.txt, content: "hello\\n", mode: "0640"}}`,
      `  - {name: copy, copy: {src: files/blob.bin, dest: ${work}/blob.bin}}`,
      `  - {name: template, template: {src: app.conf, dest: ${work}/app.conf}, notify: [mark]}`,
      `  - {name: line, line: {path: ${work}/lines.txt, line: "second", insertAfter: "^first"}}`,
      `  - {name: command, command: {argv: [touch, ${work}/created], creates: ${work}/created}}`,
      '  - {name: package, package: {names: [openssh-server]}}',
      '  - {name: service, service: {name: kotadc-no-such-service, state: stopped}}',
      '  - {name: user, user: {name: root}}',
      '  - {name: group, group: {name: root}}',
      '  - {name: sysctl, sysctl: {key: kernel.ostype, value: Linux}}',
      'handlers:',
      `  - {name: mark, command: {shell: 'echo x >> ${work}/handler-ran'}}`,
    ])
  })
  afterAll(async () => {
    await sshd?.stop()
    if (repo) rmSync(repo, {recursive: true, force: true})
  })

  it('runs a playbook using every task type over one connection, and a second run changes nothing', async () => {
    const before = sshd.connectionCount()
    const first = await run('every-type')
    expect(sshd.connectionCount() - before).toBe(1)
    expect(first.hosts[0]?.error).toBeUndefined()
    expect(first.summary).toEqual({ok: 0, changed: 1, failed: 0, unreachable: 0})
    expect(first.hosts[0]?.tasks.map((t) => `${t.name}:${t.status}`)).toEqual([
      'dir:changed',
      'file:changed',
      'copy:changed',
      'template:changed',
      'line:changed',
      'command:changed',
      'package:ok',
      'service:ok',
      'user:ok',
      'group:ok',
      'sysctl:ok',
    ])
    expect(first.hosts[0]?.handlers).toEqual([expect.objectContaining({name: 'mark', status: 'changed'})])
    expect(first.hosts[0]?.notConverged).toBeUndefined()
    expect(readFileSync(join(work, 'plain.txt'), 'utf8')).toBe('hello\n')
    expect(readFileSync(join(work, 'lines.txt'), 'utf8')).toBe('second\n')
    expect(readFileSync(join(work, 'app.conf'), 'utf8')).toBe('name=web1\nmotto=steady\n')
    expect(readFileSync(join(work, 'blob.bin'))).toEqual(Buffer.from([0, 1, 2, 3, 255]))
    expect(readFileSync(join(work, 'handler-ran'), 'utf8')).toBe('x\n')

    const second = await run('every-type')
    expect(second.summary).toEqual({ok: 1, changed: 0, failed: 0, unreachable: 0})
    expect(second.hosts[0]?.handlers).toEqual([])
    expect(existsSync(join(repo, '.kotadc/testsite.lock'))).toBe(false)
  })

  it('round trips per host: two for a first run (a directory, then files written into it), one when nothing changes', async () => {
    const dir = join(work, 'trips')
    writePlaybook('trips', [
      'targets: [web1]',
      'vars: {motto: "steady"}',
      'tasks:',
      `  - {name: dir, directory: {path: ${dir}, mode: "0750"}}`,
      `  - {name: sub, directory: {path: ${dir}/sub}}`,
      `  - {name: file, file: {path: ${dir}/plain.txt, content: "hello\\n", mode: "0640"}}`,
      `  - {name: copy, copy: {src: files/blob.bin, dest: ${dir}/sub/blob.bin}}`,
      `  - {name: template, template: {src: app.conf, dest: ${dir}/app.conf}, notify: [mark]}`,
      `  - {name: line, line: {path: ${dir}/lines.txt, line: "LOG_LEVEL=info", regexp: "^LOG_LEVEL="}}`,
      `  - {name: command, command: {argv: [touch, ${dir}/created], creates: ${dir}/created}}`,
      // The guard reads the templated file: decided on the host when its turn comes, so no extra round trip.
      `  - {name: check, command: {shell: 'exit 1', unless: 'grep -q ^name= ${dir}/app.conf'}}`,
      'handlers:',
      `  - {name: mark, command: {shell: 'echo x >> ${dir}/handler-ran'}}`,
    ])
    const first = counted()
    const r1 = await run('trips', {}, first.deps)
    expect(r1.hosts[0]?.error).toBeUndefined()
    expect(r1.hosts[0]?.tasks.map((t) => t.status)).toEqual(['changed', 'changed', 'changed', 'changed', 'changed', 'changed', 'changed', 'ok'])
    expect(r1.hosts[0]?.handlers.map((t) => t.status)).toEqual(['changed'])
    expect(r1.hosts[0]?.notConverged).toBeUndefined()
    expect(first.trips.n).toBe(2)
    expect(readFileSync(join(dir, 'sub/blob.bin'))).toEqual(Buffer.from([0, 1, 2, 3, 255]))
    expect(readFileSync(join(dir, 'app.conf'), 'utf8')).toBe('name=web1\nmotto=steady\n')
    const again = counted()
    const r2 = await run('trips', {}, again.deps)
    expect(r2.summary).toEqual({ok: 1, changed: 0, failed: 0, unreachable: 0})
    expect(again.trips.n).toBe(1)
  })

  it('verify reports tasks that still want a change after apply (two tasks fighting over one file)', async () => {
    writePlaybook('fight', [
      'targets: [web1]',
      'tasks:',
      `  - {name: one, file: {path: ${work}/fight.txt, content: "one\\n"}}`,
      `  - {name: two, line: {path: ${work}/fight.txt, line: "two"}}`,
    ])
    const r = await run('fight')
    expect(r.hosts[0]).toMatchObject({status: 'changed', notConverged: ['one']})
  })

  it('--check --diff on a drifted file shows the diff and changes nothing', async () => {
    const file = join(work, 'app.conf')
    writeFileSync(file, 'name=web1\nmotto=drifted\n')
    const hash = sha(file)
    const r = await run('every-type', {check: true, diff: true})
    const t = r.hosts[0]?.tasks.find((x) => x.name === 'template')
    expect(t).toMatchObject({status: 'changed', summary: `update ${file}`})
    expect(t?.diff).toContain('-motto=drifted')
    expect(t?.diff).toContain('+motto=steady')
    expect(sha(file)).toBe(hash)
    expect(r.hosts[0]?.handlers).toEqual([expect.objectContaining({name: 'mark', status: 'changed'})])
    expect(readFileSync(join(work, 'handler-ran'), 'utf8')).toBe('x\n')
    await run('every-type')
    expect(readFileSync(file, 'utf8')).toBe('name=web1\nmotto=steady\n')
  })

  it('writes hostile variable values literally, executing nothing', async () => {
    const marker = join(repo, 'pwned')
    const hostile = `$(touch ${marker}) \`touch ${marker}\` '"; touch ${marker}; echo '\nsecond line \\n $HOME`
    writeFileSync(join(repo, 'templates/hostile.txt'), '{{ evil }}\n')
    writePlaybook('hostile', [
      'targets: [all]',
      `vars: {evil: ${JSON.stringify(hostile)}}`,
      'tasks:',
      `  - {name: rendered, template: {src: hostile.txt, dest: ${work}/hostile.txt}}`,
      `  - {name: inline, file: {path: ${work}/hostile-inline.txt, content: ${JSON.stringify(hostile)}}}`,
    ])
    const r = await run('hostile')
    expect(r.summary.changed).toBe(1)
    expect(readFileSync(join(work, 'hostile.txt'), 'utf8')).toBe(`${hostile}\n`)
    expect(readFileSync(join(work, 'hostile-inline.txt'), 'utf8')).toBe(hostile)
    expect(existsSync(marker)).toBe(false)
  })

  it('a wrong pinned host key fails the host with both fingerprints, and nothing runs on it', async () => {
    const other = mkdtempSync(join(tmpdir(), 'kotadc-run-wrongkey-'))
    try {
      const wrong = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
      writeSshdInventory(other, sshd, {hostKey: wrong})
      const marker = join(other, 'marker')
      writeFileSync(join(other, 'inventory/playbooks/mark.yaml'), `targets: [all]\ntasks:\n  - {name: mark, command: {argv: [touch, ${marker}]}}\n`)
      const {inventory} = await loadInventory({dir: join(other, 'inventory'), cwd: other})
      const r = await runPlaybook(inventory, {playbook: 'mark', check: false, diff: false, cwd: other, environ: {}})
      expect(r.hosts[0]).toMatchObject({status: 'unreachable', error: {code: 'SSH_HOST_KEY_MISMATCH'}})
      expect(r.hosts[0]?.error?.message).toContain(wrong)
      expect(r.hosts[0]?.error?.message).toContain(sshd.hostKeyFingerprint)
      expect(existsSync(marker)).toBe(false)
    } finally {
      rmSync(other, {recursive: true, force: true})
    }
  })

  it('sshd killed mid-run is reported; after sshd is back the rerun converges', async () => {
    const slow = join(work, 'slow-done')
    writePlaybook('slow', [
      'targets: [web1]',
      'tasks:',
      `  - {name: first, file: {path: ${work}/slow-first, content: "1\\n"}}`,
      `  - {name: slow, command: {shell: 'sleep 3 && touch ${slow}', creates: ${slow}}}`,
      `  - {name: last, file: {path: ${work}/slow-last, content: "3\\n"}}`,
    ])
    const r = await run('slow', {
      onEvent: (e) => {
        if (e.kind === 'task' && e.task === 'slow' && e.status === 'running') setTimeout(() => void sshd.kill(), 700)
      },
    })
    expect(r.summary.unreachable).toBe(1)
    // All three went out in one script: whether each ran is not known, so the first is failed and the rest skipped.
    expect(r.hosts[0]?.tasks.map((t) => t.status)).toEqual(['failed', 'skipped', 'skipped'])
    expect(r.hosts[0]?.tasks[0]?.error?.code).toMatch(/^SSH_(CONNECTION_LOST|CONNECT_REFUSED)$/)
    expect(existsSync(join(work, 'slow-last'))).toBe(false)

    // A fresh sshd (new port and key) stands in for the restarted host.
    const old = sshd
    sshd = await startSshd()
    writeSshdInventory(repo, sshd)
    const again = await run('slow')
    expect(again.summary).toEqual({ok: 0, changed: 1, failed: 0, unreachable: 0})
    expect(again.hosts[0]?.tasks.map((t) => t.status)).toEqual(['ok', 'changed', 'changed'])
    expect((await run('slow')).summary.ok).toBe(1)
    await old.stop()
  })
})
