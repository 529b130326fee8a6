import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {renderRunResult} from '../../../src/cli/render/run-summary.js'
import {plain} from '../../../src/cli/style.js'
import {loadInventory} from '../../../src/inventory/load.js'
import {runPlaybook, type RunPlaybookOptions} from '../../../src/services/run-playbook.js'
import {requireBinary} from '../../helpers/require.js'
import type {Sshd} from '../../helpers/sshd.js'
import {startSshd} from '../../helpers/sshd.js'
import {writeSshdInventory} from '../../helpers/sshd-inventory.js'

// Issue 15's language acceptance against a real sshd: a per-host template path and content from host vars, a when:
// on a fact (and on a registered check command), a loop over the workloads placed on the host; and an unknown
// variable reported at file:line:col with no connection made.
const req = requireBinary('sshd', 'ssh-keygen', 'sudo')

describe.skipIf(!req.ok)(`playbook expressions against a real sshd${req.reason ? ` (skipped: ${req.reason})` : ''}`, () => {
  let sshd: Sshd
  let repo: string
  let root: string

  const run = async (playbook: string, o: Partial<RunPlaybookOptions> = {}) => {
    const {inventory} = await loadInventory({dir: join(repo, 'inventory'), cwd: repo})
    return runPlaybook(inventory, {playbook, check: false, diff: false, cwd: repo, environ: {}, ...o})
  }
  const writePlaybook = (name: string, lines: string[]): void =>
    writeFileSync(join(repo, 'inventory/playbooks', `${name}.yaml`), lines.join('\n') + '\n')
  const osId = (): string => /^ID=(.*)$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]?.replace(/"/g, '') ?? ''

  beforeAll(async () => {
    sshd = await startSshd()
    repo = mkdtempSync(join(tmpdir(), 'kotadc-lang-'))
    root = join(repo, 'srv')
    writeSshdInventory(repo, sshd)
    // web1 runs two workloads of one agency, and carries the vars the playbook reads.
    const hosts = readFileSync(join(repo, 'inventory/hosts.yaml'), 'utf8')
      .replace('roles: [proxy]', 'roles: [docker]')
      .concat(`    vars: {root: ${JSON.stringify(root)}, flavor: blue}\n`)
    writeFileSync(join(repo, 'inventory/hosts.yaml'), hosts)
    mkdirSync(join(repo, 'inventory/agencies'))
    writeFileSync(
      join(repo, 'inventory/agencies/dinkes.yaml'),
      [
        'agency: {code: dinkes, name: Dinas Kesehatan}',
        'workloads:',
        '  - {name: simpus, kind: container, host: web1, image: "registry.internal/simpus:1", port: 8080}',
        '  - {name: sehat, kind: container, host: web1, image: "registry.internal/sehat:2", port: 8081}',
        '',
      ].join('\n'),
    )
    mkdirSync(join(repo, 'templates'))
    writeFileSync(
      join(repo, 'templates/app-blue.conf'),
      'listen {{ host.address }}:{{ port }}\nname={{ host.name }}\nworkloads={{ workloads | map: "name" | join: "," }}\n',
    )
    writePlaybook('lang', [
      'targets: [web1]',
      'vars: {port: 8443}',
      'tasks:',
      '  - name: os probe',
      '    register: osid',
      '    command: {shell: ". /etc/os-release && echo $ID", check: true}',
      '  - name: host dir',
      '    directory: {path: "{{ host.vars.root }}/{{ host.name }}"}',
      '  - name: app conf',
      '    template: {src: "app-{{ host.vars.flavor }}.conf", dest: "{{ host.vars.root }}/{{ host.name }}/app.conf"}',
      '  - name: os marker',
      '    when: facts.os.id == osid.stdout',
      '    file: {path: "{{ host.vars.root }}/os-{{ facts.os.id }}", content: "{{ facts.os.prettyName }}\\n"}',
      '  - name: plan9 only',
      '    when: facts.os.id == "plan9"',
      '    file: {path: "{{ host.vars.root }}/plan9", content: "never\\n"}',
      '  - name: workload dir',
      '    loop: workloads',
      '    directory: {path: "{{ host.vars.root }}/{{ host.name }}/{{ item.agency }}-{{ item.name }}", mode: "0750"}',
    ])
  })
  afterAll(async () => {
    await sshd?.stop()
    if (repo) rmSync(repo, {recursive: true, force: true})
  })

  it('renders per-host paths and content, skips by a fact, loops over workloads; a second run changes nothing', async () => {
    const before = sshd.connectionCount()
    const first = await run('lang')
    expect(sshd.connectionCount() - before).toBe(1)
    expect(first.hosts[0]?.error).toBeUndefined()
    expect(first.hosts[0]?.tasks.map((t) => `${t.name}:${t.status}`)).toEqual([
      'os probe:ok',
      'host dir:changed',
      'app conf:changed',
      'os marker:changed',
      'plan9 only:skipped',
      'workload dir (simpus):changed',
      'workload dir (sehat):changed',
    ])
    expect(first.hosts[0]?.tasks[4]?.summary).toBe('when `facts.os.id == "plan9"` is false')
    const shown = renderRunResult(first, plain, true)
    expect(shown).toContain('skipped plan9 only  when `facts.os.id == "plan9"` is false')
    expect(shown).toMatch(/web1\s+changed\s+1\s+5\s+0\s+1/)
    expect(readFileSync(join(root, 'web1/app.conf'), 'utf8')).toBe('listen 127.0.0.1:8443\nname=web1\nworkloads=simpus,sehat\n')
    expect(existsSync(join(root, `os-${osId()}`))).toBe(true)
    expect(existsSync(join(root, 'plan9'))).toBe(false)
    expect(existsSync(join(root, 'web1/dinkes-simpus'))).toBe(true)
    expect(existsSync(join(root, 'web1/dinkes-sehat'))).toBe(true)
    expect(first.hosts[0]?.notConverged).toBeUndefined()

    const second = await run('lang')
    expect(second.summary).toEqual({ok: 1, changed: 0, failed: 0, unreachable: 0})
    expect(second.hosts[0]?.tasks.map((t) => t.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'skipped', 'ok', 'ok'])
  })

  it('--check shows the same tasks, skipped included, and changes nothing', async () => {
    rmSync(join(root, 'web1/dinkes-sehat'), {recursive: true})
    const r = await run('lang', {check: true})
    expect(r.hosts[0]?.tasks.map((t) => t.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'skipped', 'ok', 'changed'])
    expect(existsSync(join(root, 'web1/dinkes-sehat'))).toBe(false)
  })

  it('an unknown variable is reported at its file:line:col and nothing connects', async () => {
    writePlaybook('typo', ['targets: [web1]', 'tasks:', '  - name: conf', '    file: {path: "/srv/{{ host.nmae }}.conf", content: x}'])
    const before = sshd.connectionCount()
    await expect(run('typo', {check: true})).rejects.toMatchObject({
      code: 'PLAYBOOK_INVALID',
      message: 'tasks[0].file.path: unknown variable host.nmae',
      location: {file: 'inventory/playbooks/typo.yaml', line: 4, col: 27},
      hint: expect.stringContaining('did you mean "name"?'),
    })
    expect(sshd.connectionCount()).toBe(before)
  })
})
