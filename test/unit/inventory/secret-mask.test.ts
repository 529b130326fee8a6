import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {createMasker, maskDeep} from '../../../src/inventory/secret-mask.js'

describe('createMasker', () => {
  // Fixed examples first: a property run can miss the one shape that leaks.
  it.each([
    // [secrets, text, masked]
    [['secret'], 'xx-secret-xx', 'xx-***-xx'],
    [['pw'], 'pw and pw', '*** and ***'],
    [['a'], 'banana', 'b***n***n***'],
    [['secret', 'secret123'], 'pass=secret123;', 'pass=***;'],
    [['secret123', 'secret'], 'pass=secret123; also secret', 'pass=***; also ***'],
    [['pw-12345', 'pw-123456'], 'url=u:pw-12345@db other=pw-123456', 'url=u:***@db other=***'],
    [['23456', 'pw-123456'], 'x=pw-123456', 'x=***'],
    [['abcdef', 'cdefgh'], 'abcdefgh', '***'],
    [['abc', 'def'], 'abcdef!', '***!'],
    [['aa'], 'aaa', '***'],
    [[''], 'nothing to hide', 'nothing to hide'],
    [[], 'nothing to hide', 'nothing to hide'],
  ])('masks %j in %j as %j', (secrets, text, masked) => {
    expect(createMasker(secrets)(text)).toBe(masked)
  })

  it('leaves no secret readable, whatever overlaps (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({minLength: 1, maxLength: 8}).filter((s) => !s.includes('*')), {minLength: 1, maxLength: 4}), fc.array(fc.string({maxLength: 6}), {maxLength: 6}), (secrets, glue) => {
        // Secrets written into the text whole, and as overlapping prefixes of one another.
        const text = glue.map((g, i) => g + (secrets[i % secrets.length] ?? '') + (secrets[(i + 1) % secrets.length] ?? '').slice(1)).join('')
        const out = createMasker(secrets)(text)
        for (const s of secrets) expect(out).not.toContain(s)
      }),
      {numRuns: 300},
    )
  })
})

describe('maskDeep', () => {
  it('masks strings at any depth and leaves other values', () => {
    const mask = createMasker(['s3cr"t'])
    expect(maskDeep({a: ['x s3cr"t'], n: 1, b: {c: 's3cr"t', d: null}}, mask)).toEqual({a: ['x ***'], n: 1, b: {c: '***', d: null}})
  })
})
