import {describe, expect, it} from 'vitest'
import {parseTaskArgs} from '../../../src/tasks/registry.js'

const issues = (type: string, raw: unknown) => {
  const r = parseTaskArgs(type, raw, ['tasks', 3, type])
  return r.ok ? [] : r.issues.map((i) => [i.code, i.path.join('/')])
}

describe('parseTaskArgs', () => {
  it('accepts valid args and applies defaults', () => {
    const r = parseTaskArgs('package', {names: ['nginx']})
    expect(r.ok && r.value.args).toEqual({names: ['nginx'], state: 'present', update: false})
    const m = parseTaskArgs('file', {path: '/etc/x', content: '', mode: 644})
    expect(m.ok && (m.value.args as {mode: string}).mode).toBe('0644')
  })

  it('reports every problem with a key path', () => {
    expect(issues('file', {path: 'etc/x', mode: '999', colour: 'red'})).toEqual([
      ['TASK_ARG_UNKNOWN', 'tasks/3/file/colour'],
      ['TASK_ARG_INVALID', 'tasks/3/file/path'],
      ['TASK_ARG_MISSING', 'tasks/3/file/content'],
      ['TASK_ARG_INVALID', 'tasks/3/file/mode'],
    ])
    expect(issues('package', {names: ['nginx', 'Bad Name', '-o']})).toEqual([
      ['TASK_ARG_INVALID', 'tasks/3/package/names/1'],
      ['TASK_ARG_INVALID', 'tasks/3/package/names/2'],
    ])
  })

  it('rejects paths that climb, unknown types and contradictory args', () => {
    expect(issues('copy', {src: '../secrets.age', dest: '/etc/x'})).toEqual([['TASK_ARG_INVALID', 'tasks/3/copy/src']])
    expect(issues('template', {src: 'a/../../b', dest: '/etc/x/../y'})).toEqual([
      ['TASK_ARG_INVALID', 'tasks/3/template/src'],
      ['TASK_ARG_INVALID', 'tasks/3/template/dest'],
    ])
    expect(issues('firewall', {})).toEqual([['TASK_TYPE_UNKNOWN', 'tasks/3/firewall']])
    expect(issues('command', {argv: ['a'], shell: 'b'})).toEqual([['TASK_ARG_INVALID', 'tasks/3/command']])
    expect(issues('service', {name: 'nginx'})).toEqual([['TASK_ARG_INVALID', 'tasks/3/service']])
    expect(issues('user', {name: 'Root; rm -rf /'})).toEqual([['TASK_ARG_INVALID', 'tasks/3/user/name']])
    expect(issues('line', {path: '/etc/x', line: 'a', regexp: '(['})).toEqual([['TASK_ARG_INVALID', 'tasks/3/line/regexp']])
    expect(issues('directory', {path: '/'})).toEqual([['TASK_ARG_INVALID', 'tasks/3/directory/path']])
  })

  it('says what is wrong and how to fix it', () => {
    const r = parseTaskArgs('sysctl', {key: 'vm.swappiness', value: '1\n0'})
    expect(r.ok ? undefined : r.issues[0]).toMatchObject({message: expect.stringContaining('value'), hint: expect.stringContaining('one line')})
  })
})
