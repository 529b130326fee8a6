import {describe, expect, it} from 'vitest'
import {collectHandlers, unknownHandlers} from '../../../src/tasks/handlers.js'

const handlers = [{name: 'reload nginx'}, {name: 'restart sshd'}, {name: 'restart app'}]

describe('collectHandlers', () => {
  it('runs each notified handler once, in declaration order, only for changed tasks', () => {
    const outcomes = [
      {changed: true, notify: ['restart app', 'reload nginx']},
      {changed: false, notify: ['restart sshd']},
      {changed: true, notify: ['reload nginx']},
      {changed: true},
    ]
    expect(collectHandlers(outcomes, handlers).map((h) => h.name)).toEqual(['reload nginx', 'restart app'])
  })

  it('runs nothing when nothing changed', () => {
    expect(collectHandlers([{changed: false, notify: ['reload nginx']}], handlers)).toEqual([])
  })

  it('reports notified names without a handler', () => {
    expect(unknownHandlers(['reload nginx', 'reload ngnix', 'reload ngnix'], handlers)).toEqual(['reload ngnix'])
  })
})
