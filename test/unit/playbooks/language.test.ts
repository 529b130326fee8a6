import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {PlaybookInvalidError, type PlaybookIssue} from '../../../src/errors/playbook.js'
import {commandOutputFact} from '../../../src/facts/command-output.js'
import type {FactRequest} from '../../../src/facts/define.js'
import {osReleaseFact} from '../../../src/facts/os-release.js'
import {Secret} from '../../../src/inventory/secret.js'
import type {PlaybookTask} from '../../../src/playbooks/model.js'
import {parsePlaybook} from '../../../src/playbooks/parse.js'
import {planJobs, playbookMasker} from '../../../src/services/run-playbook.js'
import {shell} from '../../../src/tasks/cmd.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const FILE = 'inventory/playbooks/p.yaml'
const inv = smallInventory()
const parse = (lines: string[], secret?: (n: string) => Secret | undefined) =>
  parsePlaybook(lines.join('\n') + '\n', FILE, {defaultName: 'p', ...(secret ? {secret} : {})})
const issuesOf = (f: () => unknown): PlaybookIssue[] => {
  try {
    f()
  } catch (e) {
    if (e instanceof PlaybookInvalidError) return e.issues
    throw e
  }
  throw new Error('expected PlaybookInvalidError')
}
const jobsFor = (lines: string[], limit: string[] = []) => planJobs(inv, parse(lines), {limit})
const brief = (ts: PlaybookTask[]) => ts.map((t) => ({name: t.name, args: t.args, ...(t.skipped ? {skipped: t.skipped} : {})}))

describe('expressions in task arguments', () => {
  it('renders a per-host path and content from host fields and vars', () => {
    const [hv1, docker1] = jobsFor([
      'targets: [hv1, docker1]',
      'vars: {port: 8080}',
      'tasks:',
      '  - name: conf',
      '    file: {path: "/srv/{{ host.name }}/app.conf", content: "listen {{ host.address }}:{{ port }} rack={{ host.vars.rack | default: \'none\' }}\\n"}',
    ])
    expect(hv1?.tasks[0]?.args).toMatchObject({path: '/srv/hv1/app.conf', content: 'listen 10.10.0.11:8080 rack=A1\n'})
    expect(docker1?.tasks[0]?.args).toMatchObject({path: '/srv/docker1/app.conf', content: 'listen 10.10.0.21:8080 rack=none\n'})
  })

  it('keeps the type of a value that is one expression (a list from vars), and validates the rendered arguments', () => {
    const [job] = jobsFor(['targets: [hv1]', 'vars: {pkgs: [curl, jq]}', 'tasks:', '  - {name: p, package: {names: "{{ pkgs }}"}}'])
    expect(job?.tasks[0]?.args).toEqual({names: ['curl', 'jq'], state: 'present', update: false})
    const issues = issuesOf(() => jobsFor(['targets: [hv1]', 'tasks:', '  - {name: f, file: {path: "{{ host.name }}/x", content: a}}']))
    expect(issues).toMatchObject([{code: 'TASK_ARG_INVALID', message: expect.stringContaining('for host hv1'), location: {file: FILE, line: 3}}])
  })

  it('reports an unknown variable at the line and column of the expression, without looking at any host', () => {
    const issues = issuesOf(() =>
      parse([
        'targets: [all]',
        'tasks:',
        '  - name: conf',
        '    file:',
        '      path: "/srv/{{ host.nmae }}/app.conf"',
        '      content: "{{ hots }}"',
      ]),
    )
    expect(issues.map((i) => [i.code, i.location?.line, i.location?.col, i.message])).toEqual([
      ['PLAYBOOK_UNKNOWN_VARIABLE', 5, 22, 'tasks[0].file.path: unknown variable host.nmae'],
      ['PLAYBOOK_UNKNOWN_VARIABLE', 6, 20, 'tasks[0].file.content: unknown variable hots'],
    ])
    expect(issues[0]?.hint).toContain('did you mean "name"?')
    expect(issues[1]?.hint).toContain('did you mean "host"?')
  })

  it('places errors inside block scalars and conditions', () => {
    const issues = issuesOf(() =>
      parse([
        'targets: [all]',
        'tasks:',
        '  - name: conf',
        '    when: facts.os.idd == "debian" and nope',
        '    file:',
        '      path: /x',
        '      content: |',
        '        a',
        '        b {{ item }}',
      ]),
    )
    expect(issues.map((i) => [i.location?.line, i.location?.col, i.message])).toEqual([
      [4, 40, 'tasks[0].when: unknown variable nope'],
      [9, 14, 'tasks[0].file.content: unknown variable item'],
    ])
    expect(issues[1]?.hint).toBe('item exists only in a task with loop:')
  })

  it('reports a missing host var per host at its column, before connecting', () => {
    const issues = issuesOf(() => jobsFor(['targets: [hv1, docker1]', 'tasks:', '  - {name: f, file: {path: /x, content: "{{ host.vars.rack }}"}}']))
    expect(issues).toMatchObject([
      {code: 'PLAYBOOK_EXPRESSION_FAILED', message: expect.stringContaining('host.vars.rack (for host docker1)'), location: {line: 3, col: 45}},
    ])
  })

  it('refuses syntax errors, unknown filters, includes and secret vars', () => {
    const issues = issuesOf(() =>
      parse(
        [
          'targets: [all]',
          'vars: {pw: !secret DB_PW}',
          'tasks:',
          '  - {name: a, file: {path: /a, content: "{{ host.name "}}',
          '  - {name: b, file: {path: /b, content: "{{ host.name | shout }}"}}',
          '  - {name: c, file: {path: /c, content: "{% include \'x\' %}"}}',
          '  - {name: d, file: {path: /d, content: "{{ pw }}"}}',
          '  - {name: e, file: {path: /e, content: "{{ facts.kernel }}"}}',
        ],
        (n) => new Secret(n, 'hunter2'),
      ),
    )
    expect(issues.map((i) => [i.code, i.location?.line])).toEqual([
      ['PLAYBOOK_EXPRESSION_INVALID', 4],
      ['PLAYBOOK_EXPRESSION_INVALID', 5],
      ['PLAYBOOK_EXPRESSION_INVALID', 6],
      ['PLAYBOOK_SECRET_IN_EXPRESSION', 7],
      ['PLAYBOOK_UNKNOWN_VARIABLE', 8],
    ])
    expect(issues[2]?.message).toContain('include')
    expect(JSON.stringify(issues)).not.toContain('hunter2')
  })
})

describe('the example playbook', () => {
  it('inventory/playbooks/motd.yaml renders its markers per host', () => {
    const text = readFileSync(join(import.meta.dirname, '../../../inventory/playbooks/motd.yaml'), 'utf8')
    const pb = parsePlaybook(text, 'inventory/playbooks/motd.yaml', {defaultName: 'motd'})
    const docker1 = inv.hosts.find((h) => h.name === 'docker1')
    const lines = pb
      .planHost?.(inv, docker1!)
      .tasks.map((t) => (t.args as {line?: string}).line)
      .filter(Boolean)
    expect(lines).toEqual(['site=dc1', 'host=docker1 roles=docker'])
  })
})

describe('when and loop', () => {
  it('skips a task whose static condition is false, with the condition as the reason', () => {
    const [hv1, docker1] = jobsFor([
      'targets: [hv1, docker1]',
      'tasks:',
      '  - {name: rack, when: "host.vars.rack", file: {path: /etc/rack, content: x}}',
      '  - {name: docker only, when: \'host.roles contains "docker"\', directory: {path: /srv/docker}}',
    ])
    expect(hv1?.tasks.map((t) => [t.name, t.skipped])).toEqual([
      ['rack', undefined],
      ['docker only', 'when `host.roles contains "docker"` is false'],
    ])
    expect(docker1?.tasks.map((t) => t.skipped !== undefined)).toEqual([true, false])
  })

  it('loops over a literal list and over workloads, one task per item named after it', () => {
    const [docker1, db1] = jobsFor(
      [
        'targets: [docker1, db1]',
        'tasks:',
        '  - {name: dirs, loop: [a, b], directory: {path: "/srv/{{ item }}"}}',
        '  - name: workload dirs',
        '    loop: workloads',
        '    directory: {path: "/srv/{{ item.agency }}/{{ item.name }}"}',
      ],
      [],
    )
    expect(brief(docker1?.tasks ?? []).map((t) => [t.name, (t.args as {path: string}).path])).toEqual([
      ['dirs (a)', '/srv/a'],
      ['dirs (b)', '/srv/b'],
      ['workload dirs (simpus)', '/srv/dinkes/simpus'],
    ])
    expect(db1?.tasks.map((t) => t.name)).toEqual(['dirs (a)', 'dirs (b)', 'workload dirs (simpus-db)'])
    const [hv1] = jobsFor(['targets: [backup1]', 'tasks:', '  - {name: w, loop: workloads, directory: {path: "/srv/{{ item.name }}"}}'])
    expect(hv1?.tasks).toMatchObject([{name: 'w', skipped: 'loop has no items'}])
  })

  it('gives a template task its loop item among its vars, and renders a name that uses the item', () => {
    const [job] = jobsFor([
      'targets: [docker1]',
      'tasks:',
      '  - name: "site {{ item.name }}"',
      '    loop: [{name: a, port: 1}, {name: b, port: 2}]',
      '    template: {src: "site.conf", dest: "/etc/sites/{{ item.name }}.conf", vars: {owner: x}}',
    ])
    expect(brief(job?.tasks ?? [])).toEqual([
      {name: 'site a', args: {src: 'site.conf', dest: '/etc/sites/a.conf', vars: {owner: 'x', item: {name: 'a', port: 1}}}},
      {name: 'site b', args: {src: 'site.conf', dest: '/etc/sites/b.conf', vars: {owner: 'x', item: {name: 'b', port: 2}}}},
    ])
  })

  it('refuses a loop expression that is not a list, per host', () => {
    expect(issuesOf(() => jobsFor(['targets: [hv1]', 'tasks:', '  - {name: w, loop: host.name, directory: {path: /x}}']))).toMatchObject([
      {code: 'PLAYBOOK_EXPRESSION_FAILED', message: expect.stringContaining('"hv1", not a list (for host hv1)')},
    ])
  })
})

describe('facts and register: bound after the first gathering', () => {
  const lines = [
    'targets: [hv1]',
    'tasks:',
    '  - {name: probe, register: probe, command: {argv: [cat, /etc/role], check: true}}',
    '  - {name: debian, when: facts.os.id == "debian", file: {path: /etc/deb, content: "{{ host.name }}"}}',
    '  - {name: by fact, file: {path: "/etc/{{ facts.os.codename }}", content: x}}',
    "  - {name: by output, when: probe.ok and probe.stdout contains 'web', file: {path: /etc/web, content: '{{ probe.lines | size }}'}}",
  ]

  it('gathers the facts and check command first, then binds conditions and arguments', () => {
    const [job] = jobsFor(lines)
    // Known before connecting: the check command and the task whose arguments are static (its condition waits).
    expect(job?.tasks.map((t) => t.name)).toEqual(['probe', 'debian'])
    expect(job?.late?.requests.map((r) => r.name)).toEqual(['os-release'])
    const os = osReleaseFact()
    const probeTask = job?.tasks[0] as PlaybookTask
    const probe = probeTask.task.facts(probeTask.args).output as FactRequest<unknown>
    const values = new Map<string, unknown>([
      [os.key, {id: 'debian', versionId: '12', codename: 'bookworm', prettyName: '', arch: 'x86_64'}],
      [probe.key, {rc: 0, stdout: 'web\nproxy'}],
    ])
    expect(brief(job?.late?.bind(values) ?? [])).toEqual([
      {name: 'probe', args: expect.objectContaining({check: true})},
      {name: 'debian', args: expect.objectContaining({path: '/etc/deb', content: 'hv1'})},
      {name: 'by fact', args: expect.objectContaining({path: '/etc/bookworm'})},
      {name: 'by output', args: expect.objectContaining({content: '2'})},
    ])
    values.set(os.key, {id: 'alpine', versionId: '', codename: 'x', prettyName: '', arch: ''})
    values.set(probe.key, {rc: 1, stdout: ''})
    expect((job?.late?.bind(values) ?? []).map((t) => t.skipped)).toEqual([
      undefined,
      'when `facts.os.id == "debian"` is false',
      undefined,
      "when `probe.ok and probe.stdout contains 'web'` is false",
    ])
  })

  it('masks the secrets of tasks bound only after gathering', () => {
    const pb = parse(
      ['targets: [hv1]', 'tasks:', '  - {name: late, file: {path: "/etc/{{ facts.os.codename }}", content: !secret DB_PW}}'],
      (n) => new Secret(n, 'hunter2-value'),
    )
    const jobs = planJobs(inv, pb, {})
    expect(jobs[0]?.tasks).toEqual([])
    expect(playbookMasker(pb, jobs)('stderr: hunter2-value')).toBe('stderr: ***')
  })

  it('handlers and copy tasks cannot wait for facts', () => {
    const issues = issuesOf(() =>
      parse([
        'targets: [all]',
        'tasks:',
        '  - {name: c, copy: {src: "{{ facts.os.id }}.conf", dest: /etc/x}}',
        'handlers:',
        '  - {name: h, when: facts.os.id == "debian", service: {name: x, state: restarted}}',
      ]),
    )
    expect(issues.map((i) => [i.code, i.location?.line, i.message])).toEqual([
      ['PLAYBOOK_INVALID_TASK', 3, 'tasks[0]: a copy task cannot read facts or registered output'],
      ['PLAYBOOK_INVALID_TASK', 5, 'handlers[0]: a handler cannot read facts or registered output'],
    ])
  })

  it('needs check: true to register, and an earlier task to read a registered name', () => {
    const issues = issuesOf(() =>
      parse([
        'targets: [all]',
        'tasks:',
        '  - {name: early, when: later.ok, file: {path: /x, content: y}}',
        '  - {name: later, register: later, command: {argv: [/bin/true]}}',
      ]),
    )
    expect(issues.map((i) => [i.code, i.location?.line, i.hint])).toEqual([
      ['PLAYBOOK_UNKNOWN_VARIABLE', 3, 'later is registered by a later task: move that task before this one'],
      ['PLAYBOOK_REGISTER_INVALID', 4, expect.stringContaining('read-only')],
    ])
  })

  it('plans a check command as no change, reading its output fact', () => {
    const [job] = jobsFor(lines)
    const t = job?.tasks[0] as PlaybookTask
    expect(t.task.facts(t.args).output?.name).toBe(commandOutputFact({cmd: shell('x')}).name)
    expect(t.task.plan(t.args, {output: {rc: 3, stdout: ''}}, {} as never)).toEqual({changed: false, reason: 'checked `cat /etc/role`: exit 3'})
  })
})
