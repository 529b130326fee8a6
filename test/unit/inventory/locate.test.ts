import {describe, expect, it} from 'vitest'
import {LineCounter, parseDocument} from 'yaml'
import {formatPath, locate, type ParsedFile} from '../../../src/inventory/locate.js'

const parsed = (text: string): ParsedFile => {
  const lineCounter = new LineCounter()
  return {file: 'f.yaml', doc: parseDocument(text, {lineCounter}), lineCounter}
}

const TEXT = `# comment
hosts:
  - name: hv1
    address: 10.0.0.1
    resources: {cpus: 4}
  - name: hv2
    empty:
`

describe('locate', () => {
  const pf = parsed(TEXT)
  it('points at values', () => {
    expect(locate(pf, ['hosts', 0, 'address'])).toEqual({file: 'f.yaml', line: 4, col: 14})
    expect(locate(pf, ['hosts', 0, 'resources', 'cpus'])).toMatchObject({line: 5, col: 23})
  })
  it('points at keys', () => expect(locate(pf, ['hosts', 0, 'address'], 'key')).toMatchObject({line: 4, col: 5}))
  it('falls back to the deepest existing parent for missing keys', () => {
    expect(locate(pf, ['hosts', 1, 'address'])).toMatchObject({line: 6, col: 5})
    expect(locate(pf, ['nope'])).toMatchObject({line: 2, col: 1})
  })
  it('points at the key of an empty value', () => expect(locate(pf, ['hosts', 1, 'empty'])).toMatchObject({line: 7, col: 5}))
  it('handles an empty document', () => expect(locate(parsed(''), ['site'])).toEqual({file: 'f.yaml', line: 1, col: 1}))
  it('follows aliases and stops at the deepest existing node of a sequence', () => {
    const a = parsed('base: &b\n  port: 22\nhost: *b\nlist:\n  - x\n')
    expect(locate(a, ['host', 'port'])).toMatchObject({line: 2, col: 9})
    expect(locate(a, ['list', 5])).toMatchObject({line: 5, col: 3})
    expect(locate(a, ['list', 0, 'deeper'])).toMatchObject({line: 5, col: 5})
  })
  it('formats paths', () => expect(formatPath(['hosts', 3, 'resources', 'cpus'])).toBe('hosts[3].resources.cpus'))
})
