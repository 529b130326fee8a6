import {execFileSync} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir, userInfo} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {runJobs} from '../../../../src/exec/runner/runner.js'
import type {RunEvent, RunnerDeps} from '../../../../src/exec/runner/types.js'
import type {PlaybookTask} from '../../../../src/playbooks/model.js'
import {parseTaskArgs} from '../../../../src/tasks/registry.js'
import {LocalShell} from '../../../helpers/local-shell.js'

// The host is this machine running the real apply scripts: what they write is checked on real files.
const me = {owner: userInfo().username, group: execFileSync('id', ['-gn'], {encoding: 'utf8'}).trim()}
const modeOf = (p: string): string => (statSync(p).mode & 0o7777).toString(8)
const task = (name: string, type: string, raw: Record<string, unknown>): PlaybookTask => {
  const p = parseTaskArgs(type, raw)
  if (!p.ok) throw new Error(JSON.stringify(p.issues))
  return {name, type: p.value.type, task: p.value.task, args: p.value.args, tags: [], notify: []}
}

describe('batched apply: one round trip for every change, re-checked before each', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kotadc-batch-'))
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  const run = async (tasks: PlaybookTask[], onEvent?: (e: RunEvent) => void) => {
    const shell = new LocalShell('web1')
    let n = 0
    const deps: RunnerDeps = {
      connect: async () => ((shell.closed = false), shell),
      token: () => `tok${String(++n).padStart(6, '0')}`,
      template: () => undefined,
      repoFile: () => undefined,
      mask: (t) => t,
      ...(onEvent ? {onEvent} : {}),
    }
    const target = {host: 'web1', address: '127.0.0.1', port: 22, user: 'root'}
    const r = await runJobs(
      [{host: 'web1', target, tasks, handlers: [], variables: {host: {}, site: {}, playbook: {}}}],
      {check: false, diff: false},
      deps,
    )
    return {report: r.hosts[0], roundTrips: shell.runs.length, inputs: shell.inputs, commands: shell.runs}
  }

  it('a directory created by one task that a later task writes into: right on a first run, in two round trips', async () => {
    const tasks = [
      task('app dir', 'directory', {path: join(dir, 'srv/app'), mode: '0750'}),
      task('app config', 'file', {path: join(dir, 'srv/app/app.conf'), content: 'port = 8080\n', mode: '0640', ...me}),
    ]
    const first = await run(tasks)
    expect(first.report?.tasks.map((t) => t.status)).toEqual(['changed', 'changed'])
    expect(first.roundTrips).toBe(2)
    expect(readFileSync(join(dir, 'srv/app/app.conf'), 'utf8')).toBe('port = 8080\n')
    expect(readdirSync(join(dir, 'srv/app'))).toEqual(['app.conf'])
    const again = await run(tasks)
    expect(again.report?.status).toBe('ok')
    expect(again.roundTrips).toBe(1)
  })

  it('a task whose facts an earlier change moved is gathered and planned again: one more round trip, only there', async () => {
    const path = join(dir, 'app.env')
    const tasks = [task('env file', 'file', {path, content: 'A=1\n', ...me}), task('log level', 'line', {path, line: 'LOG_LEVEL=info'})]
    const first = await run(tasks)
    expect(first.report?.tasks.map((t) => t.status)).toEqual(['changed', 'changed'])
    expect(first.report?.notConverged).toEqual(['env file'])
    // Gather; apply the file and stop at the line task (its file moved), printing its facts; apply the line.
    expect(first.roundTrips).toBe(3)
    expect(readFileSync(path, 'utf8')).toBe('A=1\nLOG_LEVEL=info\n')
  })

  it('a guarded command is decided on the host when its turn comes: a guard an earlier task made true costs no round trip', async () => {
    const conf = join(dir, 'app.conf')
    const marker = join(dir, 'initialised')
    const tasks = [
      task('app config', 'file', {path: conf, content: 'name = web1\n', ...me}),
      task('config names this host', 'command', {shell: "echo 'app.conf does not name this host' >&2; exit 1", unless: `grep -q '^name = ' ${conf}`}),
      task('initialise', 'command', {shell: `echo done > ${marker}`, creates: marker}),
    ]
    const first = await run(tasks)
    expect(first.report?.tasks.map((t) => [t.status, t.summary])).toEqual([
      ['changed', `create ${conf}`],
      ['ok', `\`grep -q '^name = ' ${conf}\` succeeded`],
      ['changed', `run sh -c 'echo done > ${marker}'`],
    ])
    expect(first.roundTrips).toBe(2)
    expect(readFileSync(marker, 'utf8')).toBe('done\n')
    const again = await run(tasks)
    expect(again.report?.status).toBe('ok')
    expect(again.roundTrips).toBe(1)
  })

  it('a file changed on the host between gathering and applying stops the host with TASK_CONFLICT, nothing half-written', async () => {
    const path = join(dir, 'release')
    writeFileSync(path, '2.4.0\n')
    const tasks = [
      task('release marker', 'file', {path, content: '2.4.1\n', ...me}),
      task('later', 'file', {path: join(dir, 'later'), content: 'x\n', ...me}),
    ]
    const r = await run(tasks, (e) => {
      // Someone else edits the file after kotadc read it and before the change goes out.
      if (e.kind === 'host' && e.phase === 'applying') writeFileSync(path, 'edited by hand\n')
    })
    expect(r.report?.status).toBe('failed')
    expect(r.report?.tasks.map((t) => t.status)).toEqual(['failed', 'skipped'])
    expect(r.report?.tasks[0]?.error).toMatchObject({code: 'TASK_CONFLICT', hint: expect.stringContaining('run again')})
    expect(r.report?.tasks[0]?.error?.message).toContain('task "release marker" was not applied on host web1: its file fact changed')
    expect(readFileSync(path, 'utf8')).toBe('edited by hand\n')
    // No temp file next to the target, no staging file, and the later task did not run.
    expect(readdirSync(dir)).toEqual(['release'])
    expect(r.roundTrips).toBe(2)
  })

  it('an apply script far over the 128 KiB a single command argument may hold still goes out in one round trip', async () => {
    const tasks = Array.from({length: 250}, (_, i) =>
      task(`dir ${i}`, 'directory', {path: join(dir, `d${i}`, 'a-rather-long-name-for-a-subdirectory')}),
    )
    const r = await run(tasks)
    expect(r.report?.error).toBeUndefined()
    expect(r.report?.tasks.every((t) => t.status === 'changed')).toBe(true)
    expect(r.roundTrips).toBe(2)
    expect(r.inputs[1]?.length).toBeGreaterThan(128 * 1024)
    expect(readdirSync(dir)).toHaveLength(250)
  })

  it('a file that was absent when gathered and exists when applying is a conflict too, and is left as it is', async () => {
    const path = join(dir, 'new.conf')
    const r = await run([task('new config', 'file', {path, content: 'mine\n', ...me})], (e) => {
      if (e.kind === 'host' && e.phase === 'applying') writeFileSync(path, 'theirs\n')
    })
    expect(r.report?.tasks[0]).toMatchObject({status: 'failed', error: {code: 'TASK_CONFLICT'}})
    expect(readFileSync(path, 'utf8')).toBe('theirs\n')
    expect(readdirSync(dir)).toEqual(['new.conf'])
  })

  it('a failing step leaves the target as it was: the new content only ever lands by rename', async () => {
    const path = join(dir, 'app.conf')
    writeFileSync(path, 'old\n')
    const r = await run([task('validated', 'file', {path, content: 'broken\n', validate: 'grep -q ^good %s', ...me})])
    expect(r.report?.tasks[0]).toMatchObject({status: 'failed', error: {code: 'TASK_FAILED'}})
    expect(readFileSync(path, 'utf8')).toBe('old\n')
    expect(readdirSync(dir)).toEqual(['app.conf'])
  })

  it('as root a file is written straight into its temp file: its mode from the umask, chmod only for execute bits', async () => {
    const tasks = [
      task('config', 'file', {path: join(dir, 'app.conf'), content: 'a\n', mode: '0640', ...me}),
      task('script', 'file', {path: join(dir, 'run.sh'), content: '#!/bin/sh\n', mode: '0750', ...me}),
    ]
    const r = await run(tasks)
    expect(r.report?.tasks.map((t) => t.status)).toEqual(['changed', 'changed'])
    expect(modeOf(join(dir, 'app.conf'))).toBe('640')
    expect(modeOf(join(dir, 'run.sh'))).toBe('750')
    expect(readdirSync(dir).sort()).toEqual(['app.conf', 'run.sh'])
    // No staging file in /tmp, and the 0640 file needed no chmod.
    const script = r.commands[1] ?? ''
    expect(script).not.toContain('/tmp/.kotadc-')
    expect(script.match(/chmod /g)).toHaveLength(1)
    expect((await run(tasks)).report?.status).toBe('ok')
  })

  it.runIf(process.getuid?.() === 0)('as root in a setgid directory a root-owned file still gets group root', async () => {
    execFileSync('chgrp', ['daemon', dir])
    execFileSync('chmod', ['g+s', dir])
    const tasks = [task('config', 'file', {path: join(dir, 'app.conf'), content: 'a\n', mode: '0644', owner: 'root', group: 'root'})]
    const r = await run(tasks)
    expect(r.report?.tasks[0]?.status).toBe('changed')
    expect(execFileSync('stat', ['-c', '%U:%G %a', join(dir, 'app.conf')], {encoding: 'utf8'}).trim()).toBe('root:root 644')
    expect((await run(tasks)).report?.status).toBe('ok')
  })
})
