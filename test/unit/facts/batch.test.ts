import {execFileSync} from 'node:child_process'
import {mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {batchFacts} from '../../../src/facts/batch.js'
import {defineFact} from '../../../src/facts/define.js'
import {fileFact} from '../../../src/facts/file.js'
import {groupsFact} from '../../../src/facts/groups.js'
import {osReleaseFact} from '../../../src/facts/os-release.js'
import {usersFact} from '../../../src/facts/users.js'
import {renderCmd, shell} from '../../../src/tasks/cmd.js'
import {unsudo} from './unsudo.js'

// Tests may spawn: the batch runs through a real sh, as it would over SSH.
const sh = (line: string): string => execFileSync('sh', ['-c', line], {encoding: 'utf8'})
const TOKEN = 'tok3n0abc'

const echoFact = defineFact<{text: string; rc: number}, {text: string; rc: number}>({
  name: 'echo',
  command: ({text, rc}) => shell('printf %s "$1"; exit "$2"', text, String(rc)),
  parse: (stdout, exitCode) => ({text: stdout, rc: exitCode}),
})

const dir = mkdtempSync(join(tmpdir(), 'kotadc-facts-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('batchFacts', () => {
  it('gathers many facts in one command and gives each its own output and exit code', () => {
    const facts = [usersFact(), groupsFact(), osReleaseFact(), echoFact({text: 'no newline', rc: 3}), echoFact({text: 'two\nlines\n', rc: 0})]
    const batch = batchFacts(facts, TOKEN)
    const values = batch.parse(sh(renderCmd(batch.cmd)))
    expect((values.get(facts[0]!.key) as {name: string}[]).some((u) => u.name === 'root')).toBe(true)
    expect((values.get(facts[1]!.key) as {name: string}[]).some((g) => g.name === 'root')).toBe(true)
    expect((values.get(facts[2]!.key) as {id: string}).id).not.toBe('')
    expect(values.get(facts[3]!.key)).toEqual({text: 'no newline', rc: 3})
    expect(values.get(facts[4]!.key)).toEqual({text: 'two\nlines\n', rc: 0})
  })

  it('runs identical requests once', () => {
    const batch = batchFacts([usersFact(), usersFact(), fileFact({path: '/x'}), fileFact({path: '/x'}), fileFact({path: '/x', content: true})], TOKEN)
    expect(batch.requests.map((r) => r.name)).toEqual(['users', 'file', 'file'])
  })

  it('cannot be fooled by output that imitates a marker without the token', () => {
    const forged = echoFact({text: '\n@@kotadc-guess end 0 0\n', rc: 0})
    const batch = batchFacts([forged], TOKEN)
    expect(batch.parse(sh(renderCmd(batch.cmd))).get(forged.key)).toEqual({text: '\n@@kotadc-guess end 0 0\n', rc: 0})
  })

  it('reports a fact whose output is missing', () => {
    const batch = batchFacts([usersFact()], TOKEN)
    expect(() => batch.split('')).toThrow(expect.objectContaining({code: 'FACT_OUTPUT_MISSING'}))
    expect(() => batchFacts([usersFact()], 'a b')).toThrow(expect.objectContaining({code: 'FACT_BATCH_TOKEN_INVALID'}))
  })
})

describe('file fact script on a real filesystem', () => {
  const gather = (path: string, content = true) => {
    const req = fileFact({path, content})
    const batch = batchFacts([{...req, command: unsudo(req.command)}], TOKEN)
    return batch.parse(sh(renderCmd(batch.cmd))).get(req.key)
  }

  it('reads type, mode, owner, sha256 and content', () => {
    const f = join(dir, "odd name $(x) 'q'")
    writeFileSync(f, 'hello\n', {mode: 0o640})
    const info = gather(f) as {content: Buffer}
    expect(info).toMatchObject({
      exists: true,
      type: 'file',
      mode: '0640',
      size: 6,
      sha256: '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03',
    })
    expect(info.content.toString()).toBe('hello\n')
    expect(gather(f, false)).not.toHaveProperty('content')
  })

  it('sees absent paths, directories and symlinks (not followed)', () => {
    mkdirSync(join(dir, 'd'))
    symlinkSync('/etc/passwd', join(dir, 'link'))
    expect(gather(join(dir, 'missing'))).toEqual({exists: false})
    expect(gather(join(dir, 'd'))).toMatchObject({exists: true, type: 'directory'})
    expect(gather(join(dir, 'link'))).toMatchObject({exists: true, type: 'symlink'})
    expect(gather(join(dir, 'link'))).not.toHaveProperty('content')
  })
})
