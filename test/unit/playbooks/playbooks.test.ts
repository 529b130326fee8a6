import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {Secret} from '../../../src/inventory/secret.js'
import {baseTasks, basePlaybook, SSHD_DROPIN} from '../../../src/base/playbook.js'
import {PlaybookInvalidError} from '../../../src/errors/playbook.js'
import {selectTasks} from '../../../src/playbooks/model.js'
import {parsePlaybook} from '../../../src/playbooks/parse.js'
import {resolveTargets, selectHosts} from '../../../src/playbooks/targets.js'
import {planJobs} from '../../../src/services/run-playbook.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '../../fixtures/playbooks', name), 'utf8')
const names = (hs: {name: string}[]) => hs.map((h) => h.name)
const parseErr = (text: string, file = 'inventory/playbooks/p.yaml'): PlaybookInvalidError => {
  try {
    parsePlaybook(text, file, {defaultName: 'p'})
  } catch (e) {
    if (e instanceof PlaybookInvalidError) return e
    throw e
  }
  throw new Error('expected PlaybookInvalidError')
}

describe('targets', () => {
  const inv = smallInventory()
  it('resolves names, role:, agency: and all, in inventory order without duplicates', () => {
    // VMs are hosts too, after the inventory's own hosts, once they have their host key (the vms phase made them)
    expect(names(resolveTargets(inv, ['all']))).toEqual(['hv1', 'docker1', 'db1', 'backup1'])
    const pinned = {...inv, workloads: inv.workloads.map((w) => (w.kind === 'vm' ? {...w, hostKey: 'SHA256:x'} : w))}
    expect(names(resolveTargets(pinned, ['all']))).toEqual(['hv1', 'docker1', 'db1', 'backup1', 'arsip', 'floating'])
    expect(names(resolveTargets(pinned, ['agency:setda']))).toEqual(['hv1', 'arsip', 'floating'])
    expect(() => resolveTargets(inv, ['arsip'])).toThrow(expect.objectContaining({code: 'VM_HOST_KEY_MISSING'}))
    expect(names(resolveTargets(inv, ['backup1', 'docker1']))).toEqual(['docker1', 'backup1'])
    expect(names(resolveTargets(inv, ['role:backup', 'db1']))).toEqual(['db1', 'backup1'])
    // dinkes runs a container on docker1 and postgres on db1; setda VMs on hv1, the VMs themselves included
    expect(names(resolveTargets(inv, ['agency:dinkes']))).toEqual(['docker1', 'db1'])
    expect(names(resolveTargets(inv, ['agency:setda']))).toEqual(['hv1'])
  })

  it('rejects unknown names with a did-you-mean hint and the location when known', () => {
    const at = {file: 'inventory/playbooks/x.yaml', line: 2, col: 11}
    expect(() => resolveTargets(inv, ['dokcer1'], [at])).toThrow(
      expect.objectContaining({code: 'PLAYBOOK_TARGET_UNKNOWN', hint: expect.stringContaining('did you mean "docker1"?'), location: at}),
    )
    expect(() => resolveTargets(inv, ['role:dockr'])).toThrow(
      expect.objectContaining({code: 'PLAYBOOK_TARGET_UNKNOWN', hint: expect.stringContaining('did you mean "docker"?')}),
    )
    expect(() => resolveTargets(inv, ['agency:dinkez'])).toThrow(expect.objectContaining({hint: expect.stringContaining('did you mean "dinkes"?')}))
    expect(() => resolveTargets(inv, ['role:'])).toThrow(expect.objectContaining({code: 'PLAYBOOK_TARGET_INVALID'}))
  })

  it('--limit narrows the targets; an empty selection is RUN_NO_HOSTS', () => {
    expect(names(selectHosts(inv, ['all'], ['role:backup']))).toEqual(['db1', 'backup1'])
    expect(() => selectHosts(inv, ['role:hypervisor'], ['db1'])).toThrow(expect.objectContaining({code: 'RUN_NO_HOSTS'}))
  })
})

describe('YAML playbooks', () => {
  it('parses targets, vars, tasks with tags/notify/timeout, handlers and !secret values', () => {
    const pb = parsePlaybook(
      [
        'name: motd',
        'targets: [role:docker, db1]',
        'vars: {greeting: hi, token: !secret API_TOKEN}',
        'tasks:',
        '  - name: motd',
        '    template: {src: motd.liquid, dest: /etc/motd}',
        '    tags: [motd]',
        '    notify: reload',
        '    timeout: 30',
        'handlers:',
        '  - name: reload',
        '    service: {name: ssh, state: reloaded}',
        '',
      ].join('\n'),
      'inventory/playbooks/motd.yaml',
      {defaultName: 'x', secret: (n) => (n === 'API_TOKEN' ? new Secret(n, 'tok-value') : undefined)},
    )
    expect(pb.name).toBe('motd')
    expect(pb.targets).toEqual(['role:docker', 'db1'])
    expect(pb.targetsAt?.[1]).toEqual({file: 'inventory/playbooks/motd.yaml', line: 2, col: 24})
    expect(pb.vars.token).toBeInstanceOf(Secret)
    const [t] = pb.tasksFor(smallInventory(), smallInventory().hosts[0]!)
    expect(t).toMatchObject({name: 'motd', type: 'template', tags: ['motd'], notify: ['reload'], timeoutMs: 30_000, at: {line: 5}})
    expect(pb.handlersFor(smallInventory(), smallInventory().hosts[0]!).map((h) => h.name)).toEqual(['reload'])
  })

  it('reports every problem with file:line:col', () => {
    const e = parseErr(fixture('invalid/bad-task.yaml'), 'test/fixtures/playbooks/invalid/bad-task.yaml')
    const lines = e.issues.map((i) => `${i.location.line}:${i.location.col} ${i.code} ${i.message}`)
    expect(lines).toEqual([
      '6:13 TASK_ARG_INVALID tasks[0].file.path: expected an absolute path, got "etc/motd"',
      '9:5 TASK_TYPE_UNKNOWN tasks[1].fiel: unknown task type or key "fiel"',
      '12:13 PLAYBOOK_UNKNOWN_HANDLER tasks[2].notify: notifies "reload sshd", which no handler declares',
    ])
    expect(e.issues[1]?.hint).toContain('did you mean "file"?')
    expect(e.location).toEqual({file: 'test/fixtures/playbooks/invalid/bad-task.yaml', line: 6, col: 13})
    expect(e.exitCode).toBe(1)
  })

  it('refuses a secret in a command argv (every host user can read it with ps) and points at stdin', () => {
    const text = 'targets: all\ntasks:\n  - name: role password\n    command: {argv: [psql, -c, !secret DB_ALTER]}\n'
    let caught: unknown
    try {
      parsePlaybook(text, 'inventory/playbooks/p.yaml', {defaultName: 'p', secret: (n) => new Secret(n, 'ALTER ROLE app PASSWORD x')})
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(PlaybookInvalidError)
    const [issue] = (caught as PlaybookInvalidError).issues
    expect(issue).toMatchObject({code: 'TASK_SECRET_IN_ARGV', location: {file: 'inventory/playbooks/p.yaml', line: 4, col: 40}})
    expect(issue?.hint).toContain('stdin: !secret DB_ALTER')
    expect(JSON.stringify(issue)).not.toContain('ALTER ROLE')
  })

  it('refuses a !secret the inventory says no single agency or site family owns, at its line', () => {
    const text =
      'targets: all\nvars:\n  admin: !secret GRAFANA_ADMIN_PASSWORD\n  token: !secret SITE_TOKEN\ntasks:\n  - name: f\n    file: {path: /x, content: hi}\n'
    const scope = (n: string): string | undefined => (n.startsWith('SITE_') ? undefined : `no agency owns secret ${n}`)
    let thrown: unknown
    try {
      parsePlaybook(text, 'inventory/playbooks/p.yaml', {defaultName: 'p', secret: (n) => new Secret(n, 'v'), secretScope: scope})
    } catch (e) {
      thrown = e
    }
    const issues = (thrown as {issues: Array<{code: string; location: {line: number}; hint: string}>}).issues
    expect(issues.map((i) => [i.code, i.location.line])).toEqual([['PLAYBOOK_SECRET_UNSCOPED', 3]])
    expect(issues[0]?.hint).toContain('SITE_GRAFANA_ADMIN_PASSWORD')
  })

  it('reports YAML syntax errors, missing keys, unknown keys and missing secrets at their lines', () => {
    const syntax = parseErr(fixture('invalid/syntax.yaml')).issues[0]
    expect(syntax).toMatchObject({code: 'PLAYBOOK_YAML_SYNTAX', location: {file: 'inventory/playbooks/p.yaml'}})
    expect(syntax?.location.line).toBeGreaterThanOrEqual(4)
    const e = parseErr('targetz: [all]\ntasks: []\n')
    expect(e.issues.map((i) => [i.code, i.location.line])).toEqual([
      ['PLAYBOOK_MISSING_KEY', 1],
      ['PLAYBOOK_UNKNOWN_KEY', 1],
    ])
    expect(e.issues[1]?.hint).toContain('did you mean "targets"?')
    const s = parseErr('targets: all\ntasks:\n  - name: f\n    file: {path: /x, content: !secret NOPE}\n')
    expect(s.issues[0]).toMatchObject({code: 'PLAYBOOK_SECRET_MISSING', location: {line: 4, col: 39}})
    expect(parseErr('targets: ["role:"]\ntasks: []\n').issues[0]).toMatchObject({code: 'PLAYBOOK_TARGET_INVALID', location: {line: 1, col: 11}})
  })
})

describe('built-in playbook base', () => {
  const inv = smallInventory()
  inv.site.admins = [{name: 'rahmat', sshKey: 'ssh-ed25519 AAAAC3Nza rahmat@x'}]
  const host = inv.hosts[1]!

  it('derives packages, admin accounts and keys, sshd hardening, timezone and sysctl from the inventory', () => {
    const tasks = baseTasks(inv, {...host, vars: {sysctl: {'kernel.dmesg_restrict': 1, 'vm.swappiness': 10}}})
    expect(tasks.map((t) => `${t.type} ${t.name}`)).toEqual([
      'package base packages',
      'user admin rahmat: account',
      'directory admin rahmat: ~/.ssh',
      'file admin rahmat: authorized key',
      'template sshd hardening',
      'file timezone: /etc/timezone',
      'command timezone: /etc/localtime',
      'sysctl sysctl net.ipv4.tcp_syncookies',
      'sysctl sysctl kernel.dmesg_restrict',
      'sysctl sysctl vm.swappiness',
    ])
    expect(tasks[3]?.args).toMatchObject({path: '/home/rahmat/.ssh/authorized_keys', content: 'ssh-ed25519 AAAAC3Nza rahmat@x\n', mode: '0600'})
    expect(tasks[4]).toMatchObject({notify: ['reload sshd'], args: {dest: SSHD_DROPIN, vars: {allowUsers: ['kotadc', 'rahmat']}}})
    expect(tasks[5]?.args).toMatchObject({content: 'Asia/Makassar\n'})
    expect(tasks[9]?.args).toMatchObject({key: 'vm.swappiness', value: '10', persist: true})
  })

  it('vars.sysctl key: null drops a base setting (lab containers cannot set every key)', () => {
    const tasks = baseTasks(inv, {...host, vars: {sysctl: {'net.ipv4.tcp_syncookies': null}}})
    expect(tasks.filter((t) => t.type === 'sysctl')).toEqual([])
  })

  it('selects tasks by --tags and --skip-tags; jobs carry targets from the inventory', () => {
    const tasks = baseTasks(inv, host)
    expect(selectTasks(tasks, ['sshd']).map((t) => t.name)).toEqual(['sshd hardening'])
    expect(selectTasks(tasks, [], ['sysctl', 'admins', 'packages']).map((t) => t.type)).toEqual(['template', 'file', 'command'])
    const jobs = planJobs(inv, basePlaybook(), {limit: ['role:backup'], tags: ['timezone'], environ: {KOTADC_SSH_KEY: '/keys/ci'}})
    expect(jobs.map((j) => j.host)).toEqual(['db1', 'backup1'])
    expect(jobs[0]?.tasks.map((t) => t.name)).toEqual(['timezone: /etc/timezone', 'timezone: /etc/localtime'])
    expect(jobs[0]?.target).toMatchObject({
      host: 'db1',
      address: '10.10.0.31',
      user: 'kotadc',
      port: 22,
      identityFile: '/keys/ci',
      at: {file: 'inventory/hosts.yaml', line: 14},
    })
    expect(jobs[0]?.handlers.map((h) => h.name)).toEqual(['reload sshd'])
  })
})
