import {describe, expect, it} from 'vitest'
import {evaluate, ExprError, parseCondition, parseList, parseText, variablesOf} from '../../../src/playbooks/expr.js'

const scope = {host: {name: 'web1', vars: {ports: [80, 443]}}, facts: {os: {id: 'debian'}}}

describe('playbook expressions', () => {
  it('a value that is one expression keeps its type; text around it makes a string', () => {
    expect(evaluate(parseText('{{ host.vars.ports }}'), scope)).toEqual([80, 443])
    expect(evaluate(parseText('{{ host.vars.ports | size }}'), scope)).toBe(2)
    expect(evaluate(parseText('{{ host.vars.missing | default: 3 }}'), scope)).toBe(3)
    expect(evaluate(parseText('/srv/{{ host.name }}/{{ host.vars.ports | first }}'), scope)).toBe('/srv/web1/80')
  })

  it('conditions: liquid operators, a missing value is false', () => {
    expect(evaluate(parseCondition('facts.os.id == "debian" and host.vars.ports contains 443'), scope)).toBe(true)
    expect(evaluate(parseCondition('host.vars.tls'), scope)).toBe(false)
    expect(evaluate(parseCondition('{{ host.name == "web2" }}'), scope)).toBe(false)
  })

  it('a loop expression may be bare or in braces', () => {
    expect(evaluate(parseList('host.vars.ports'), scope)).toEqual([80, 443])
    expect(evaluate(parseList('{{ host.vars.ports }}'), scope)).toEqual([80, 443])
  })

  it('lists the variables read with their position in the written text, not the ones a for loop defines', () => {
    const refs = variablesOf(parseCondition('x.y and z'))
    expect(refs.map((r) => [r.segments.join('.'), r.col])).toEqual([
      ['x.y', 1],
      ['z', 9],
    ])
    const text = variablesOf(parseText('{% for p in host.vars.ports %}{{ p }}{% endfor %}'))
    expect(text.map((r) => r.segments.join('.'))).toEqual(['host.vars.ports'])
  })

  it('strict: an undefined variable fails with its position; include and render are refused when parsed', () => {
    let caught: unknown
    try {
      evaluate(parseText('a {{ host.vars.nope }}'), scope)
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(ExprError)
    expect(caught).toMatchObject({message: 'undefined variable: host.vars.nope', pos: {row: 1, col: 6}})
    expect(() => parseText('{% include "secrets.age" %}')).toThrow(/not allowed/)
    expect(() => parseText('{% render "x" %}')).toThrow(/not allowed/)
    expect(() => parseText('{{ host.name | nosuch }}')).toThrow(ExprError)
  })
})
