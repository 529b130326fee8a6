import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {batchFacts} from '../../../src/facts/batch.js'
import type {FactRequest} from '../../../src/facts/define.js'
import {FILE_CONTENT_LIMIT, fileFact} from '../../../src/facts/file.js'
import {fileGroup} from '../../../src/facts/file-group.js'
import {renderCmd, withoutSudo} from '../../../src/tasks/cmd.js'

// Tests spawn a real sh, as the batch runs over SSH; sudo is taken off so they run as any user.
const sh = (line: string): string => execFileSync('sh', ['-c', line], {encoding: 'utf8', maxBuffer: 1 << 26})
const TOKEN = 'tok3n0grp'
const dir = mkdtempSync(join(tmpdir(), 'kotadc-file-group-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const outputs = (requests: FactRequest<unknown>[]) => {
  const batch = batchFacts(requests, TOKEN)
  return {batch, out: batch.split(sh(renderCmd(withoutSudo(batch.cmd))))}
}
/** The same requests, each gathered by its own single-file script. */
const alone = (requests: FactRequest<unknown>[]) => outputs(requests.map(({group: _, ...r}) => ({...r, key: `${r.key}:alone`}))).out

describe('file facts gathered as one group', () => {
  it('gives every member exactly what its own script prints, for every kind of path', () => {
    mkdirSync(join(dir, 'sub'))
    writeFileSync(join(dir, 'plain'), 'hello\n', {mode: 0o640})
    writeFileSync(join(dir, 'empty'), '')
    writeFileSync(join(dir, 'binary'), Buffer.from([0, 255, 10, 64, 64, 107, 0]))
    writeFileSync(join(dir, "odd name $(x) 'q' \\ back"), 'odd\n')
    writeFileSync(join(dir, 'new\nline'), 'nl\n')
    writeFileSync(join(dir, '-dash'), 'dash\n')
    writeFileSync(join(dir, 'big'), Buffer.alloc(FILE_CONTENT_LIMIT + 1, 120))
    symlinkSync(join(dir, 'plain'), join(dir, 'link'))
    execFileSync('mkfifo', [join(dir, 'fifo')])
    const paths = ['plain', 'missing', 'sub', 'empty', 'binary', "odd name $(x) 'q' \\ back", 'new\nline', '-dash', 'big', 'link', 'fifo']
    const requests = paths.flatMap((p) => [fileFact({path: join(dir, p), content: true}), fileFact({path: join(dir, p), content: false})])
    const {batch, out} = outputs(requests)
    expect(batch.units).toHaveLength(1)
    const single = alone(requests)
    for (const r of requests) expect([r.key, out.get(r.key)]).toEqual([r.key, single.get(`${r.key}:alone`)])
    const plain = requests[0] as FactRequest<unknown>
    expect(plain.parse(out.get(plain.key)!.stdout, 0)).toMatchObject({type: 'file', mode: '0640', content: Buffer.from('hello\n')})
    const big = requests[16] as FactRequest<unknown>
    expect(big.parse(out.get(big.key)!.stdout, 0)).not.toHaveProperty('content')
  })

  it('runs one command for every file next to the other facts, and keeps their order and outputs', () => {
    writeFileSync(join(dir, 'one'), '1\n')
    const {group: _, ...plain} = fileFact({path: '/'})
    const other = {...plain, key: 'other', name: 'echo', command: {kind: 'raw', text: 'echo other'} as const}
    const requests = [fileFact({path: join(dir, 'one'), content: true}), other, fileFact({path: join(dir, 'two')})]
    const {batch, out} = outputs(requests)
    expect(batch.units.map((u) => u.id)).toEqual(['g0', '1'])
    expect(batch.unitOf(requests[2]!.key)).toBe('g0')
    expect(out.get('other')).toEqual({stdout: 'other\n', exitCode: 0})
    expect(out.get(requests[2]!.key)).toEqual({stdout: 'absent\n', exitCode: 0})
  })

  it('starts four processes for any number of files (stat, sha256sum, cat, base64)', () => {
    const many = Array.from({length: 60}, (_, i) => join(dir, `many${i}`))
    many.forEach((p) => writeFileSync(p, `${p}\n`))
    const group = fileGroup(FILE_CONTENT_LIMIT)
    const script = renderCmd(withoutSudo(group.command(many.map((path) => ({path, content: true})))))
    // Every program the script may start is wrapped: the wrapper logs its name, then runs the real one.
    const bin = join(dir, 'bin')
    mkdirSync(bin)
    for (const p of ['stat', 'sha256sum', 'cat', 'base64', 'head', 'test', 'printf', 'expr']) {
      const real = execFileSync('sh', ['-c', `command -v ${p}`], {encoding: 'utf8'}).trim()
      writeFileSync(join(bin, p), `#!/bin/sh\necho ${p} >> ${join(bin, 'log')}\nexec ${real} "$@"\n`, {mode: 0o755})
    }
    execFileSync('sh', ['-c', script], {env: {...process.env, PATH: `${bin}:${process.env.PATH}`}, maxBuffer: 1 << 26})
    // cat and base64 are one pipeline: they start together, in either order.
    expect(
      execFileSync('cat', [join(bin, 'log')], {encoding: 'utf8'})
        .trim()
        .split('\n')
        .sort(),
    ).toEqual(['base64', 'cat', 'sha256sum', 'stat'])
  })

  it('reports a file that changed between its sum and its read, never content that does not match the sum', () => {
    const p = join(dir, 'moving')
    writeFileSync(p, 'before\n')
    const [r] = [fileFact({path: p, content: true})]
    const batch = batchFacts([r], TOKEN)
    const real = sh(renderCmd(withoutSudo(batch.cmd)))
    const swapped = real.replace(Buffer.from('before\n').toString('base64'), Buffer.from('after!\n').toString('base64'))
    expect(() => r.parse(batch.split(swapped).get(r.key)!.stdout, batch.split(swapped).get(r.key)!.exitCode)).toThrow(
      expect.objectContaining({code: 'FACT_OUTPUT_UNEXPECTED', message: expect.stringContaining('changed while it was read')}),
    )
  })

  it('turns a failed script (stat could not read a path) into a failed fact for each member, naming the path', () => {
    const group = fileGroup(FILE_CONTENT_LIMIT)
    const members = [
      {path: '/a', content: true},
      {path: '/b', content: false},
    ]
    const outs = group.split('fo\n', 1, members)
    expect(outs).toEqual([
      {stdout: 'unreadable: /a: the file fact script exited 1', exitCode: 1},
      {stdout: 'unreadable: /b: the file fact script exited 1', exitCode: 1},
    ])
    expect(() => group.split('f\n', 0, members)).toThrow(expect.objectContaining({code: 'FACT_OUTPUT_UNEXPECTED'}))
  })
})
