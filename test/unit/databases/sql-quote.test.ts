import {describe, expect, it} from 'vitest'
import {quoteConfValue, quoteHbaName, quoteIdent, quoteLiteral} from '../../../src/databases/sql-quote.js'
import {isOpsError} from '../../../src/errors/ops-error.js'

const code = (f: () => unknown): string | undefined => {
  try {
    f()
  } catch (e) {
    return isOpsError(e) ? e.code : 'not an OpsError'
  }
  return undefined
}

describe('quoteIdent', () => {
  it.each([
    ['simpus', '"simpus"'],
    ['simpus-db', '"simpus-db"'],
    ['Simpus', '"Simpus"'],
    ['select', '"select"'],
    ['a"b', '"a""b"'],
    ['"; DROP DATABASE simpus; --', '"""; DROP DATABASE simpus; --"'],
    ["o'brien", '"o\'brien"'],
  ])('%j is %s', (name, quoted) => expect(quoteIdent(name)).toBe(quoted))

  it('refuses an empty name, a NUL and a name longer than PostgreSQL keeps (63 bytes)', () => {
    expect(code(() => quoteIdent(''))).toBe('DB_UNSAFE_VALUE')
    expect(code(() => quoteIdent('a\0b'))).toBe('DB_UNSAFE_VALUE')
    expect(code(() => quoteIdent('x'.repeat(64)))).toBe('DB_UNSAFE_VALUE')
    expect(quoteIdent('x'.repeat(63))).toBe(`"${'x'.repeat(63)}"`)
  })
})

describe('quoteLiteral', () => {
  it.each([
    ['pencil', "'pencil'"],
    ["it's", "'it''s'"],
    ["'; DROP ROLE x; --", "'''; DROP ROLE x; --'"],
    ['back\\slash', "'back\\slash'"],
    ['SCRAM-SHA-256$4096:c2FsdA==$a:b', "'SCRAM-SHA-256$4096:c2FsdA==$a:b'"],
  ])('%j is %s', (value, quoted) => expect(quoteLiteral(value)).toBe(quoted))

  it('refuses a NUL', () => expect(code(() => quoteLiteral('a\0'))).toBe('DB_UNSAFE_VALUE'))
})

describe('quoteConfValue', () => {
  it('quotes like a literal and refuses a line break, which would start a new setting', () => {
    expect(quoteConfValue('localhost,10.10.0.31')).toBe("'localhost,10.10.0.31'")
    expect(quoteConfValue("a'b")).toBe("'a''b'")
    expect(code(() => quoteConfValue("x'\nshared_preload_libraries = 'evil"))).toBe('DB_UNSAFE_VALUE')
  })
})

describe('quoteHbaName', () => {
  it('double-quotes, so keywords are names', () => {
    expect(quoteHbaName('simpus-db')).toBe('"simpus-db"')
    expect(quoteHbaName('all')).toBe('"all"')
    expect(quoteHbaName('+admins')).toBe('"+admins"')
  })

  it.each(['a"b', 'a b', 'a,b', 'a#b', 'a\tb', '', 'a\\b'])('refuses %j (pg_hba.conf has no escape for it)', (name) => {
    expect(code(() => quoteHbaName(name))).toBe('DB_UNSAFE_VALUE')
  })
})
