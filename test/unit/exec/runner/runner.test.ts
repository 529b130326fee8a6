import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir, userInfo} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {renderRunResult} from '../../../../src/cli/render/run-summary.js'
import {plain} from '../../../../src/cli/style.js'
import {sshErrors} from '../../../../src/errors/ssh-errors.js'
import {createMasker} from '../../../../src/inventory/secret-mask.js'
import {runJobs} from '../../../../src/exec/runner/runner.js'
import type {HostJob, RunEvent, RunnerDeps, RunnerOptions} from '../../../../src/exec/runner/types.js'
import type {SshTarget} from '../../../../src/exec/ssh/types.js'
import {fileFact} from '../../../../src/facts/file.js'
import {Secret} from '../../../../src/inventory/secret.js'
import type {PlaybookTask} from '../../../../src/playbooks/model.js'
import {shellQuote} from '../../../../src/tasks/quote.js'
import {parseTaskArgs} from '../../../../src/tasks/registry.js'
import {LocalShell} from '../../../helpers/local-shell.js'

// Every "host" is this machine running the real scripts kotadc sends, on files under one temp directory.
const root = mkdtempSync(join(tmpdir(), 'kotadc-runner-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))
let dirs = 0
const freshDir = (): string => {
  const d = join(root, String(++dirs))
  mkdirSync(d)
  return d
}
const me = {owner: userInfo().username, group: execFileSync('id', ['-gn'], {encoding: 'utf8'}).trim()}

const task = (name: string, type: string, raw: unknown, extra: Partial<PlaybookTask> = {}): PlaybookTask => {
  const p = parseTaskArgs(type, raw)
  if (!p.ok) throw new Error(JSON.stringify(p.issues))
  return {name, type: p.value.type, task: p.value.task, args: p.value.args, tags: [], notify: [], ...extra}
}
/** A task that creates `path` unless it exists: one file fact, one `touch` when it changes. */
const touch = (path: string, extra: Partial<PlaybookTask> = {}) => task(`touch ${path}`, 'command', {argv: ['touch', path], creates: path}, extra)
const lose = (host: string) => sshErrors.connectionLost({host, address: '127.0.0.1', port: 22}, 'test cut')

// A root login: the scripts carry no sudo, so they run as whoever runs the tests.
const target = (host: string): SshTarget => ({host, address: '127.0.0.1', port: 22, user: 'root'})
const job = (host: string, tasks: PlaybookTask[], handlers: PlaybookTask[] = []): HostJob => ({
  host,
  target: target(host),
  tasks,
  handlers,
  variables: {host: {}, site: {}, playbook: {}},
})

function harness(shells: Record<string, LocalShell | Error>, mask: (t: string) => string = (t) => t, onEvent?: (e: RunEvent) => void) {
  const connects: string[] = []
  const events: RunEvent[] = []
  let n = 0
  const deps: RunnerDeps = {
    connect: async (t) => {
      connects.push(t.host)
      const s = shells[t.host]
      if (s instanceof Error) throw s
      if (!s) throw new Error(`no shell for ${t.host}`)
      s.closed = false
      return s
    },
    token: () => `tok${String(++n).padStart(6, '0')}`,
    template: () => undefined,
    repoFile: () => undefined,
    mask,
    onEvent: (e) => {
      events.push(e)
      onEvent?.(e)
    },
  }
  return {deps, connects, events}
}

const opts = (o: Partial<RunnerOptions> = {}): RunnerOptions => ({check: false, diff: false, ...o})
const statuses = (r: {hosts: {tasks: {status: string}[]}[]}, i = 0): string[] => (r.hosts[i]?.tasks ?? []).map((t) => t.status)

describe('runner', () => {
  it('a no-change run is one connection and exactly one round trip per host', async () => {
    const d = freshDir()
    writeFileSync(join(d, 'a'), '')
    writeFileSync(join(d, 'b'), '')
    const tasks = [touch(join(d, 'a')), touch(join(d, 'b'))]
    const a = new LocalShell('a')
    const b = new LocalShell('b')
    const h = harness({a, b})
    const r = await runJobs([job('a', tasks), job('b', tasks)], opts(), h.deps)
    expect(r.summary).toEqual({ok: 2, changed: 0, failed: 0, unreachable: 0})
    expect(h.connects).toEqual(['a', 'b'])
    expect(a.runs).toHaveLength(1)
    expect(b.runs).toHaveLength(1)
    expect(a.closed).toBe(true)
  })

  it('reports how long each host took, from connecting to its last step, by the clock it is given', async () => {
    const d = freshDir()
    const h = harness({a: new LocalShell('a'), b: new LocalShell('b')})
    let t = 0
    const tasks = [touch(join(d, 'a'))]
    const r = await runJobs([job('a', tasks), job('b', tasks)], opts({forks: 1}), {...h.deps, now: () => (t += 1000)})
    expect(r.hosts.map((x) => [x.host, x.durationMs])).toEqual([
      ['a', 1000],
      ['b', 1000],
    ])
  })

  it('goes connect → gather → plan → apply and verify in one more round trip, over one connection', async () => {
    const d = freshDir()
    writeFileSync(join(d, 'b'), '')
    const tasks = [touch(join(d, 'a')), touch(join(d, 'b')), touch(join(d, 'c'))]
    const a = new LocalShell('a')
    const h = harness({a})
    const r = await runJobs([job('a', tasks)], opts(), h.deps)
    expect(statuses(r)).toEqual(['changed', 'ok', 'changed'])
    const phases = h.events.flatMap((e) => (e.kind === 'host' ? [e.phase] : []))
    expect(phases).toEqual(['connecting', 'gathering', 'planning', 'applying'])
    expect(h.connects).toEqual(['a'])
    expect(a.runs).toHaveLength(2)
    expect(readdirSync(d).sort()).toEqual(['a', 'b', 'c'])
    expect(r.hosts[0]?.notConverged).toBeUndefined()
  })

  it('a task skipped by when: is reported as skipped, in order, and gathers and runs nothing', async () => {
    const d = freshDir()
    const skipped = {...touch(join(d, 's')), skipped: 'when `host.vars.s` is false'}
    const a = new LocalShell('a')
    const r = await runJobs([job('a', [skipped, touch(join(d, 'a'))])], opts(), harness({a}).deps)
    expect(r.hosts[0]?.tasks.map((t) => [t.status, t.summary])).toEqual([
      ['skipped', 'when `host.vars.s` is false'],
      ['changed', `run touch ${join(d, 'a')}`],
    ])
    expect(a.runs.join('\n')).not.toContain(join(d, 's'))
    expect(readdirSync(d)).toEqual(['a'])
  })

  it('binds late tasks after the first gathering, and gathers again only for facts it did not have', async () => {
    const d = freshDir()
    for (const f of ['a', 'b', 'c']) writeFileSync(join(d, f), '')
    const c = fileFact({path: join(d, 'c'), content: false})
    const bound = [touch(join(d, 'a')), {...touch(join(d, 'x')), skipped: 'when `facts.os.id == "x"` is false'}, touch(join(d, 'b'))]
    const seen: unknown[] = []
    const late = {
      requests: [c],
      bind: (values: ReadonlyMap<string, unknown>) => {
        seen.push(values.get(c.key))
        return bound
      },
    }
    const a = new LocalShell('a')
    const r = await runJobs([{...job('a', [touch(join(d, 'a'))]), late}], opts({check: true}), harness({a}).deps)
    expect(seen).toEqual([expect.objectContaining({exists: true})])
    expect(statuses(r)).toEqual(['ok', 'skipped', 'ok'])
    // a and c in the first round trip; b's facts only once bind named that task
    expect(a.runs).toHaveLength(2)
    expect(a.runs[1]).toContain(shellQuote(join(d, 'b')))
    expect(a.runs[1]).not.toContain(shellQuote(join(d, 'a')))
  })

  it('check mode runs no step: one gather, the pending changes reported', async () => {
    const d = freshDir()
    writeFileSync(join(d, 'b'), '')
    const tasks = [touch(join(d, 'a'), {notify: ['h']}), touch(join(d, 'b'))]
    const a = new LocalShell('a')
    const r = await runJobs([job('a', tasks, [{...touch(join(d, 'h')), name: 'h'}])], opts({check: true}), harness({a}).deps)
    expect(a.runs).toHaveLength(1)
    expect(existsSync(join(d, 'a'))).toBe(false)
    expect(r.hosts[0]).toMatchObject({
      status: 'changed',
      tasks: [{status: 'changed', summary: `run touch ${join(d, 'a')}`}, {status: 'ok'}],
      handlers: [{name: 'h', status: 'changed'}],
    })
  })

  it('runs a handler once, at the end of the same round trip, only when a notifying task changed', async () => {
    const d = freshDir()
    const handler = task('restart', 'command', {shell: `echo x >> ${join(d, 'restarted')}`})
    const tasks = [touch(join(d, 'a'), {notify: ['restart']}), touch(join(d, 'b'), {notify: ['restart']}), touch(join(d, 'c'))]
    const a = new LocalShell('a')
    const r = await runJobs([job('a', tasks, [handler])], opts(), harness({a}).deps)
    expect(a.runs).toHaveLength(2)
    expect(readFileSync(join(d, 'restarted'), 'utf8')).toBe('x\n')
    expect(r.hosts[0]?.handlers).toEqual([expect.objectContaining({name: 'restart', status: 'changed'})])

    rmSync(join(d, 'c'))
    const quiet = new LocalShell('q')
    const r2 = await runJobs([job('q', tasks, [handler])], opts(), harness({q: quiet}).deps)
    expect(statuses(r2)).toEqual(['ok', 'ok', 'changed'])
    expect(r2.hosts[0]?.handlers).toEqual([])
    expect(readFileSync(join(d, 'restarted'), 'utf8')).toBe('x\n')
  })

  it('a failing task stops only its host: later tasks skipped, other hosts finish', async () => {
    const d = freshDir()
    const missing = join(d, 'no-such-dir', 'a')
    const bad = [touch(missing), touch(join(d, 'after-bad'))]
    const good = [touch(join(d, 'a')), touch(join(d, 'b'))]
    const r = await runJobs([job('bad', bad), job('good', good)], opts(), harness({bad: new LocalShell('bad'), good: new LocalShell('good')}).deps)
    expect(r.hosts.map((h) => h.status)).toEqual(['failed', 'changed'])
    expect(statuses(r)).toEqual(['failed', 'skipped'])
    expect(r.hosts[0]?.tasks[0]?.error).toMatchObject({code: 'TASK_FAILED', details: {argv: [`touch ${missing}`], exitCode: 1}})
    expect(r.hosts[0]?.tasks[0]?.error?.details).toMatchObject({stderrTail: expect.stringContaining('No such file or directory')})
    expect(r.hosts[0]?.tasks[0]?.error?.message).toContain(`task "touch ${missing}" failed on host bad`)
    expect(existsSync(join(d, 'after-bad'))).toBe(false)
    expect(existsSync(join(d, 'b'))).toBe(true)
  })

  it('an unreachable host is reported while the others finish', async () => {
    const d = freshDir()
    const tasks = [touch(join(d, 'a'))]
    const refused = sshErrors.connectRefused({host: 'down', address: '127.0.0.9', port: 22})
    const r = await runJobs([job('down', tasks), job('up', tasks)], opts(), harness({down: refused, up: new LocalShell('up')}).deps)
    expect(r.summary).toEqual({ok: 0, changed: 1, failed: 0, unreachable: 1})
    expect(r.hosts[0]).toMatchObject({host: 'down', status: 'unreachable', error: {code: 'SSH_CONNECT_REFUSED'}, tasks: [{status: 'skipped'}]})
  })

  it('after a connection lost while applying: reconnects, gathers again, and counts what ran as changed', async () => {
    const d = freshDir()
    const tasks = [touch(join(d, 'a'), {notify: ['h']}), touch(join(d, 'b'))]
    const handler = task('h', 'command', {shell: `echo h >> ${join(d, 'handled')}`})
    let cut = false
    // The script ran, but its answer never came back: the changes are done, and the host must not lose their notify.
    const a = new LocalShell('a', {
      after: (s) => void (s.includes('@@kotadc-') && s.includes('done 0') && !cut && (cut = true) && throwIt(lose('a'))),
    })
    const h = harness({a})
    const r = await runJobs([job('a', tasks, [handler])], opts(), h.deps)
    expect(h.connects).toEqual(['a', 'a'])
    expect(r.hosts[0]).toMatchObject({status: 'changed', reconnects: 1})
    expect(r.hosts[0]?.tasks.map((t) => [t.status, t.summary])).toEqual([
      ['changed', `applied before the connection was lost (${join(d, 'a')} exists now)`],
      ['changed', `applied before the connection was lost (${join(d, 'b')} exists now)`],
    ])
    expect(readFileSync(join(d, 'handled'), 'utf8')).toBe('h\nh\n')

    const e = freshDir()
    const b = new LocalShell('b', {before: (s) => void (s.includes('done 0') && throwIt(lose('b')))})
    const r2 = await runJobs([job('b', [touch(join(e, 'a')), touch(join(e, 'b'))])], opts({retries: 0}), harness({b}).deps)
    expect(r2.hosts[0]).toMatchObject({status: 'unreachable', error: {code: 'SSH_CONNECTION_LOST'}})
    expect(statuses(r2)).toEqual(['failed', 'skipped'])
    expect(r2.hosts[0]?.tasks[1]?.summary).toMatch(/^not known whether it ran/)
  })

  it('--serial stops starting batches once failures exceed --max-fail-percent', async () => {
    const d = freshDir()
    const tasksOf = (n: string) => [touch(join(d, n === 'h1' ? 'missing-dir' : '', n))]
    const mk = () => ({h1: new LocalShell('h1'), h2: new LocalShell('h2'), h3: new LocalShell('h3'), h4: new LocalShell('h4')})
    const jobs = ['h1', 'h2', 'h3', 'h4'].map((n) => job(n, tasksOf(n)))
    const strict = await runJobs(jobs, opts({serial: 1}), harness(mk()).deps)
    expect(strict.hosts.map((h) => h.host)).toEqual(['h1'])
    expect(strict.aborted).toMatchObject({skippedHosts: ['h2', 'h3', 'h4']})

    const lenient = await runJobs(jobs, opts({serial: 2, maxFailPercent: 50}), harness(mk()).deps)
    expect(lenient.hosts.map((h) => h.status)).toEqual(['failed', 'changed', 'changed', 'changed'])
    expect(lenient.aborted).toBeUndefined()

    for (const n of ['h2', 'h3', 'h4']) rmSync(join(d, n))
    const tight = await runJobs(jobs, opts({serial: 2, maxFailPercent: 49}), harness(mk()).deps)
    expect(tight.hosts).toHaveLength(2)
    expect(tight.aborted?.skippedHosts).toEqual(['h3', 'h4'])
  })

  it('never lets a secret value into the JSON result or the human summary, even from stderr or diffs', async () => {
    const d = freshDir()
    const secret = 'hunter2-very-secret'
    const tasks = [
      task('secret file', 'file', {path: join(d, 'app.env'), content: new Secret('APP', `PASSWORD=${secret}\n`), ...me}),
      task('leaky command', 'command', {shell: 'printf "app-init: bad password %s\\n" "$(cat)" >&2; exit 1', stdin: new Secret('APP', secret)}),
    ]
    const a = new LocalShell('a')
    const h = harness({a}, createMasker([secret]))
    const r = await runJobs([job('a', tasks)], opts({diff: true}), h.deps)
    expect(statuses(r)).toEqual(['changed', 'failed'])
    expect(readFileSync(join(d, 'app.env'), 'utf8')).toBe(`PASSWORD=${secret}\n`)
    // The value did travel to the host, on stdin only (never in a command line, which ps shows), and nowhere else.
    expect(a.inputs.filter((i) => i?.toString().includes(secret))).toHaveLength(1)
    expect(a.runs.some((s) => s.includes(secret))).toBe(false)
    const json = JSON.stringify(r)
    const human = renderRunResult({playbook: 'p', check: false, ...r}, plain, true)
    const events = JSON.stringify(h.events)
    for (const text of [json, human, events]) expect(text).not.toContain(secret)
    expect(human).toContain('***')
    expect(human).toContain('app-init: bad password ***')
  })
})

const throwIt = (e: Error): never => {
  throw e
}
