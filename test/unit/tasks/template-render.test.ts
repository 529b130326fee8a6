import {describe, expect, it} from 'vitest'
import {renderTemplate} from '../../../src/tasks/template-render.js'

const lookup = (files: Record<string, string>) => (n: string) => files[n]

describe('renderTemplate', () => {
  it('reports an undefined variable at its template line and column', () => {
    let err: unknown
    try {
      renderTemplate('a.conf', lookup({'a.conf': 'one\ntwo {{ nope }}\n'}), {})
    } catch (e) {
      err = e
    }
    expect(err).toMatchObject({code: 'TEMPLATE_RENDER_FAILED', location: {file: 'templates/a.conf', line: 2, col: 8}})
  })

  it('cannot read files outside the lookup', () => {
    expect(() => renderTemplate('a', lookup({a: "{% include '/etc/passwd' %}"}), {})).toThrow(
      expect.objectContaining({code: 'TEMPLATE_RENDER_FAILED'}),
    )
    expect(() => renderTemplate('missing', lookup({}), {})).toThrow(expect.objectContaining({code: 'TEMPLATE_NOT_FOUND'}))
  })

  it('does not expose prototype properties', () => {
    expect(() => renderTemplate('a', lookup({a: '{{ x.constructor }}'}), {x: {}})).toThrow(expect.objectContaining({code: 'TEMPLATE_RENDER_FAILED'}))
  })

  it('an edited template renders its new text, and an included one is read from the lookup of the render', () => {
    expect(renderTemplate('v.conf', lookup({'v.conf': 'server {{ d }};'}), {d: 'a'})).toBe('server a;')
    expect(renderTemplate('v.conf', lookup({'v.conf': 'server {{ d }}; # edited'}), {d: 'a'})).toBe('server a; # edited')
    const main = "{% include 'part' %}!"
    expect(renderTemplate('m', lookup({m: main, part: 'one'}), {})).toBe('one!')
    expect(renderTemplate('m', lookup({m: main, part: 'two'}), {})).toBe('two!')
  })
})
