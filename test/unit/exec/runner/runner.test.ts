import {describe, expect, it} from 'vitest'
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
import {parseTaskArgs} from '../../../../src/tasks/registry.js'
import {FactHost} from '../../../helpers/fact-host.js'

const task = (name: string, type: string, raw: unknown, extra: Partial<PlaybookTask> = {}): PlaybookTask => {
  const p = parseTaskArgs(type, raw)
  if (!p.ok) throw new Error(JSON.stringify(p.issues))
  return {name, type: p.value.type, task: p.value.task, args: p.value.args, tags: [], notify: [], ...extra}
}
/** A task that creates `path` unless it exists: one file fact, one `touch` when it changes. */
const touch = (path: string, extra: Partial<PlaybookTask> = {}) => task(`touch ${path}`, 'command', {argv: ['touch', path], creates: path}, extra)

/** One simulated host: a set of existing paths; `touch X` creates X; `fail` makes matching scripts exit 1. */
function simHost(name: string, existing: string[], tasks: () => PlaybookTask[], opts: {fail?: RegExp; stderr?: string; loseOn?: RegExp} = {}) {
  const files = new Set(existing)
  let lost = false
  const known = () => tasks().flatMap((t) => Object.values(t.task.facts(t.args)))
  const pathOf = (key: string): string | undefined =>
    [...files, ...tasks().map((t) => (t.args as {creates?: string; path?: string}).creates ?? (t.args as {path?: string}).path ?? '')].find(
      (p) => fileFact({path: p, content: false}).key === key || fileFact({path: p, content: true}).key === key,
    )
  return new FactHost(
    name,
    known,
    (req) => {
      const p = pathOf(req.key)
      return {
        stdout: p && files.has(p) ? 'regular file|644|root|root|0\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' : 'absent',
        exitCode: 0,
      }
    },
    (script) => {
      if (opts.loseOn?.test(script) && !lost) {
        lost = true
        throw sshErrors.connectionLost({host: name, address: '127.0.0.1', port: 22}, 'test cut')
      }
      if (opts.fail?.test(script)) return {exitCode: 1, stderr: opts.stderr ?? 'boom'}
      for (const m of script.matchAll(/touch (\S+)/g)) files.add(m[1] as string)
      return {}
    },
  )
}

const target = (host: string): SshTarget => ({host, address: '127.0.0.1', port: 22, user: 'kotadc'})
const job = (host: string, tasks: PlaybookTask[], handlers: PlaybookTask[] = []): HostJob => ({
  host,
  target: target(host),
  tasks,
  handlers,
  variables: {host: {}, site: {}, playbook: {}},
})

function harness(shells: Record<string, FactHost | Error>, mask: (t: string) => string = (t) => t) {
  const connects: string[] = []
  const events: RunEvent[] = []
  let n = 0
  const deps: RunnerDeps = {
    connect: async (t) => {
      connects.push(t.host)
      const s = shells[t.host]
      if (s instanceof Error) throw s
      if (!s) throw new Error(`no fake for ${t.host}`)
      s.closed = false
      return s
    },
    token: () => `tok${String(++n).padStart(6, '0')}`,
    template: () => undefined,
    repoFile: () => undefined,
    mask,
    onEvent: (e) => events.push(e),
  }
  return {deps, connects, events}
}

const opts = (o: Partial<RunnerOptions> = {}): RunnerOptions => ({check: false, diff: false, ...o})

describe('runner', () => {
  it('a no-change run is one connection and exactly one round trip per host', async () => {
    const tasks = [touch('/a'), touch('/b')]
    const a = simHost('a', ['/a', '/b'], () => tasks)
    const b = simHost('b', ['/a', '/b'], () => tasks)
    const h = harness({a, b})
    const r = await runJobs([job('a', tasks), job('b', tasks)], opts(), h.deps)
    expect(r.summary).toEqual({ok: 2, changed: 0, failed: 0, unreachable: 0})
    expect(h.connects).toEqual(['a', 'b'])
    expect(a.runs).toHaveLength(1)
    expect(b.runs).toHaveLength(1)
    expect(a.puts).toHaveLength(0)
    expect(a.closed).toBe(true)
  })

  it('reports how long each host took, from connecting to its last step, by the clock it is given', async () => {
    const tasks = [touch('/a')]
    const h = harness({a: simHost('a', ['/a'], () => tasks), b: simHost('b', [], () => tasks)})
    let t = 0
    const r = await runJobs([job('a', tasks), job('b', tasks)], opts({forks: 1}), {...h.deps, now: () => (t += 1000)})
    expect(r.hosts.map((x) => [x.host, x.durationMs])).toEqual([
      ['a', 1000],
      ['b', 1000],
    ])
  })

  it('goes connect → gather → plan → apply (re-gathering once anything changed) → verify, over one connection', async () => {
    const tasks = [touch('/a'), touch('/b'), touch('/c')]
    const a = simHost('a', ['/b'], () => tasks)
    const h = harness({a})
    const r = await runJobs([job('a', tasks)], opts(), h.deps)
    expect(r.hosts[0]?.tasks.map((t) => t.status)).toEqual(['changed', 'ok', 'changed'])
    const phases = h.events.flatMap((e) => (e.kind === 'host' ? [e.phase] : []))
    expect(phases).toEqual(['connecting', 'gathering', 'planning', 'applying', 'verifying'])
    expect(h.connects).toEqual(['a'])
    // 1 gather; apply /a on those facts (nothing changed yet) and read /b's facts in the same round trip (the change
    // may have moved them); re-gather + apply for /c; 1 verify: five round trips in all
    expect(a.gathers).toHaveLength(1 + 2 + 1)
    expect(a.runs).toHaveLength(5)
    expect(a.applies).toEqual(['touch /a', 'touch /c'])
    expect(r.hosts[0]?.notConverged).toBeUndefined()
  })

  it('check mode runs no step: one gather, the pending changes reported', async () => {
    const tasks = [touch('/a', {notify: ['h']}), touch('/b')]
    const handler = touch('/h')
    const a = simHost('a', ['/b'], () => [...tasks, handler])
    const h = harness({a})
    const r = await runJobs([job('a', tasks, [{...handler, name: 'h'}])], opts({check: true}), h.deps)
    expect(a.runs).toHaveLength(1)
    expect(a.applies).toEqual([])
    expect(r.hosts[0]).toMatchObject({
      status: 'changed',
      tasks: [{status: 'changed', summary: 'run touch /a'}, {status: 'ok'}],
      handlers: [{name: 'h', status: 'changed'}],
    })
  })

  it('runs a handler once, at the end, only when a notifying task changed', async () => {
    const handler = {...touch('/restarted'), name: 'restart'}
    const tasks = [touch('/a', {notify: ['restart']}), touch('/b', {notify: ['restart']}), touch('/c')]
    const a = simHost('a', [], () => [...tasks, handler])
    const r = await runJobs([job('a', tasks, [handler])], opts(), harness({a}).deps)
    expect(a.applies).toEqual(['touch /a', 'touch /b', 'touch /c', 'touch /restarted'])
    expect(r.hosts[0]?.handlers).toEqual([expect.objectContaining({name: 'restart', status: 'changed'})])

    const quiet = simHost('q', ['/a', '/b'], () => [...tasks, handler])
    const r2 = await runJobs([job('q', tasks, [handler])], opts(), harness({q: quiet}).deps)
    expect(quiet.applies).toEqual(['touch /c'])
    expect(r2.hosts[0]?.handlers).toEqual([])
  })

  it('a failing task stops only its host: later tasks skipped, other hosts finish', async () => {
    const tasks = [touch('/a'), touch('/b')]
    const bad = simHost('bad', [], () => tasks, {fail: /touch \/a/, stderr: 'touch: cannot touch /a: Permission denied\n'})
    const good = simHost('good', [], () => tasks)
    const r = await runJobs([job('bad', tasks), job('good', tasks)], opts(), harness({bad, good}).deps)
    expect(r.hosts.map((h) => h.status)).toEqual(['failed', 'changed'])
    expect(r.hosts[0]?.tasks.map((t) => t.status)).toEqual(['failed', 'skipped'])
    expect(r.hosts[0]?.tasks[0]?.error).toMatchObject({
      code: 'TASK_FAILED',
      details: {argv: ['touch /a'], exitCode: 1, stderrTail: 'touch: cannot touch /a: Permission denied'},
    })
    expect(r.hosts[0]?.tasks[0]?.error?.message).toContain('task "touch /a" failed on host bad')
    expect(bad.applies).toEqual(['touch /a'])
    expect(good.applies).toEqual(['touch /a', 'touch /b'])
  })

  it('an unreachable host is reported while the others finish', async () => {
    const tasks = [touch('/a')]
    const refused = sshErrors.connectRefused({host: 'down', address: '127.0.0.9', port: 22})
    const up = simHost('up', [], () => tasks)
    const r = await runJobs([job('down', tasks), job('up', tasks)], opts(), harness({down: refused, up}).deps)
    expect(r.summary).toEqual({ok: 0, changed: 1, failed: 0, unreachable: 1})
    expect(r.hosts[0]).toMatchObject({host: 'down', status: 'unreachable', error: {code: 'SSH_CONNECT_REFUSED'}, tasks: [{status: 'skipped'}]})
  })

  it('reconnects once after a lost connection and re-plans the task; with --retries 0 the host is unreachable', async () => {
    const tasks = [touch('/a'), touch('/b')]
    const a = simHost('a', [], () => tasks, {loseOn: /^touch \/b$/})
    const h = harness({a})
    const r = await runJobs([job('a', tasks)], opts(), h.deps)
    expect(h.connects).toEqual(['a', 'a'])
    expect(r.hosts[0]).toMatchObject({status: 'changed', reconnects: 1})
    expect(a.applies).toEqual(['touch /a', 'touch /b', 'touch /b'])

    const b = simHost('b', [], () => tasks, {loseOn: /^touch \/b$/})
    const r2 = await runJobs([job('b', tasks)], opts({retries: 0}), harness({b}).deps)
    expect(r2.hosts[0]).toMatchObject({status: 'unreachable', error: {code: 'SSH_CONNECTION_LOST'}})
    expect(r2.hosts[0]?.tasks.map((t) => t.status)).toEqual(['changed', 'failed'])
  })

  it('--serial stops starting batches once failures exceed --max-fail-percent', async () => {
    const tasks = [touch('/a')]
    const mk = () => ({
      h1: simHost('h1', [], () => tasks, {fail: /touch/}),
      h2: simHost('h2', [], () => tasks),
      h3: simHost('h3', [], () => tasks),
      h4: simHost('h4', [], () => tasks),
    })
    const jobs = ['h1', 'h2', 'h3', 'h4'].map((n) => job(n, tasks))
    const strict = await runJobs(jobs, opts({serial: 1}), harness(mk()).deps)
    expect(strict.hosts.map((h) => h.host)).toEqual(['h1'])
    expect(strict.aborted).toMatchObject({skippedHosts: ['h2', 'h3', 'h4']})

    const lenient = await runJobs(jobs, opts({serial: 2, maxFailPercent: 50}), harness(mk()).deps)
    expect(lenient.hosts.map((h) => h.status)).toEqual(['failed', 'changed', 'changed', 'changed'])
    expect(lenient.aborted).toBeUndefined()

    const tight = await runJobs(jobs, opts({serial: 2, maxFailPercent: 49}), harness(mk()).deps)
    expect(tight.hosts).toHaveLength(2)
    expect(tight.aborted?.skippedHosts).toEqual(['h3', 'h4'])
  })

  it('never lets a secret value into the JSON result or the human summary, even from stderr or diffs', async () => {
    const secret = 'hunter2-very-secret'
    const tasks = [
      task('secret file', 'file', {path: '/etc/app.env', content: new Secret('APP', `PASSWORD=${secret}\n`)}),
      task('leaky command', 'command', {argv: ['app-init'], stdin: new Secret('APP', secret)}),
    ]
    const a = simHost('a', [], () => tasks, {fail: /app-init/, stderr: `app-init: bad password ${secret}\n`})
    const h = harness({a}, createMasker([secret]))
    const r = await runJobs([job('a', tasks)], opts({diff: true}), h.deps)
    expect(r.hosts[0]?.tasks.map((t) => t.status)).toEqual(['changed', 'failed'])
    // The value did travel to the host, on stdin only (never in a command line, which ps shows), and nowhere else.
    expect(a.inputs.filter((i) => i?.toString().includes(secret))).toHaveLength(2)
    expect(a.applies.some((s) => s.includes(secret))).toBe(false)
    const json = JSON.stringify(r)
    const human = renderRunResult({playbook: 'p', check: false, ...r}, plain, true)
    const events = JSON.stringify(h.events)
    for (const text of [json, human, events]) expect(text).not.toContain(secret)
    expect(human).toContain('***')
    expect(human).toContain('app-init: bad password ***')
  })
})
