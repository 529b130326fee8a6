import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir, userInfo} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import type {FileInfo} from '../../../src/facts/file.js'
import {renderCmd} from '../../../src/tasks/cmd.js'
import type {Step} from '../../../src/tasks/step.js'
import {revealContent} from '../../../src/tasks/step.js'
import {fileTask} from '../../../src/tasks/types/file.js'
import {unsudo} from '../facts/unsudo.js'

// A tiny stand-in for the runner: puts as files, run steps through sh (without sudo), stop at the first failure.
const apply = (steps: readonly Step[]): {ok: boolean; stderr: string} => {
  for (const s of steps) {
    if (s.kind === 'put') writeFileSync(s.path, revealContent(s.content), {mode: Number.parseInt(s.mode, 8)})
    else {
      try {
        execFileSync('sh', ['-c', renderCmd(unsudo(s.cmd))], {stdio: ['ignore', 'pipe', 'pipe']})
      } catch (e) {
        return {ok: false, stderr: String((e as {stderr?: Buffer}).stderr ?? '')}
      }
    }
  }
  return {ok: true, stderr: ''}
}

const dir = mkdtempSync(join(tmpdir(), 'kotadc-write-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))
const me = userInfo().username
const myGroup = execFileSync('id', ['-gn'], {encoding: 'utf8'}).trim()
const ctx = (token: string) => ({token, template: () => undefined, repoFile: () => undefined, variables: {host: {}, site: {}, playbook: {}}})
const fact = (path: string): FileInfo =>
  existsSync(path)
    ? {exists: true, type: 'file', mode: '0600', owner: me, group: myGroup, size: 1, sha256: 'old', content: readFileSync(path)}
    : {exists: false}

describe('atomic file write, executed', () => {
  const target = join(dir, "app's conf")

  it('writes content literally with the requested mode, leaving no temp files', () => {
    const content = 'x=$(touch /tmp/kotadc-pwned)\n\'q\' "d" `id`\nok\n'
    const change = fileTask.plan(
      {path: target, content, owner: me, group: myGroup, mode: '0640', validate: 'grep -q ok %s'},
      {file: fact(target)},
      ctx('tokenA1'),
    )
    expect(change.changed).toBe(true)
    expect(apply(change.changed ? change.steps : [])).toEqual({ok: true, stderr: ''})
    expect(readFileSync(target, 'utf8')).toBe(content)
    expect(statSync(target).mode & 0o777).toBe(0o640)
    expect(readdirSync(dir)).toEqual(["app's conf"])
    expect(existsSync('/tmp/kotadc-pwned')).toBe(false)
  })

  it('keeps the old file and removes the temp file when validation fails', () => {
    const change = fileTask.plan(
      {path: target, content: 'bad\n', owner: me, group: myGroup, validate: 'grep -qx ok %s'},
      {file: fact(target)},
      ctx('tokenB2'),
    )
    const result = apply(change.changed ? change.steps : [])
    expect(result.ok).toBe(false)
    expect(readFileSync(target, 'utf8')).toContain('ok\n')
    expect(readdirSync(dir)).toEqual(["app's conf"])
  })

  it('rejects a token that is not plain letters and digits', () => {
    expect(() => fileTask.plan({path: target, content: 'x'}, {file: {exists: false}}, ctx('../x'))).toThrow(
      expect.objectContaining({code: 'TASK_TOKEN_INVALID'}),
    )
  })
})
