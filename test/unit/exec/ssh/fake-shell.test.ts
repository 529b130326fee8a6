import {describe, expect, it} from 'vitest'
import {FakeShell} from '../../../helpers/fake-shell.js'

describe('FakeShell', () => {
  it('answers scripted runs in order and records what ran', async () => {
    const shell = new FakeShell('hv1')
      .expectRun('getent group kvm', {stdout: 'kvm:x:108:\n'})
      .expectRun(/^groupadd /, {exitCode: 9, stderr: 'exists'})
    expect(await shell.run('getent group kvm')).toEqual({exitCode: 0, signal: null, stdout: 'kvm:x:108:\n', stderr: ''})
    expect(await shell.run('groupadd kvm', {timeoutMs: 5})).toMatchObject({exitCode: 9, stderr: 'exists'})
    expect(shell.runs).toEqual([{script: 'getent group kvm'}, {script: 'groupadd kvm', timeoutMs: 5}])
    shell.done()
  })

  it('checks stdin when asked and can fail a run with a given error', async () => {
    const lost = new Error('lost')
    const shell = new FakeShell().expectRun('sudo -n sh -s', {}, {stdin: /apt-get install/}).expectRun('uptime', lost)
    await shell.run('sudo -n sh -s', {stdin: Buffer.from('apt-get install -y nginx\n')})
    await expect(shell.run('uptime')).rejects.toBe(lost)
    shell.done()
  })

  it('rejects an unexpected call and still fails done() if the caller swallowed it', async () => {
    const shell = new FakeShell('db1').expectRun('a')
    await expect(shell.run('b')).rejects.toThrow('FakeShell db1: unexpected run("b"); next expected: run(a)')
    expect(() => shell.done()).toThrow(/unexpected run\("b"\)[\s\S]*expected but never called: run\(a\)/)
  })

  it('fails done() for expectations never used', () => {
    expect(() => new FakeShell().expectPut('/etc/x').done()).toThrow('expected but never called: put(/etc/x)')
  })

  it('matches puts by path, content and mode', async () => {
    const shell = new FakeShell()
      .expectPut('/tmp/kotadc/a', {content: 'hello', mode: 0o600})
      .expectPut('/tmp/kotadc/b', {error: new Error('disk full')})
    await shell.put('/tmp/kotadc/a', Buffer.from('hello'), {mode: 0o600})
    await expect(shell.put('/tmp/kotadc/b', 'x')).rejects.toThrow('disk full')
    expect(shell.puts.map((p) => [p.path, p.content.toString(), p.mode])).toEqual([
      ['/tmp/kotadc/a', 'hello', 0o600],
      ['/tmp/kotadc/b', 'x', undefined],
    ])
    shell.done()
    const strict = new FakeShell().expectPut('/a', {mode: 0o600})
    await expect(strict.put('/a', 'x', {mode: 0o644})).rejects.toThrow('unexpected put("/a", 1 bytes, mode 644)')
  })

  it('accepts calls in any order when built unordered, and refuses calls after close()', async () => {
    const shell = new FakeShell('x', {ordered: false}).expectRun('one').expectRun((s) => s.startsWith('two'))
    await shell.run('two things')
    await shell.run('one')
    shell.done()
    await shell.close()
    await expect(shell.run('one')).rejects.toThrow('after close()')
  })
})
