import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CODE_GROUPS, ERROR_CODES, exitCodeOf, type ErrorCode} from '../../../src/errors/catalog.js'
import type {CodeInfo} from '../../../src/errors/define.js'
import {BugError, ExternalError, UserError, type OpsError} from '../../../src/errors/ops-error.js'

const entries = [...ERROR_CODES.entries()]
const errorFor = (code: ErrorCode, info: CodeInfo): OpsError => {
  // The classes accept only codes of their own family at compile time; here every code is tried at run time.
  const opts = {code, message: 'm'} as never
  return info.family === 'user' ? new UserError(opts) : info.family === 'external' ? new ExternalError(opts) : new BugError(opts)
}

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, {withFileTypes: true}).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  )

describe('the error catalogue', () => {
  it('lists every code once, across all capability tables', () => {
    const all = CODE_GROUPS.flatMap((g) => Object.keys(g.codes))
    expect(all.length).toBeGreaterThan(100)
    expect(all.filter((c, i) => all.indexOf(c) !== i)).toEqual([])
    expect(ERROR_CODES.size).toBe(all.length)
  })

  it.each(entries)('%s is SCREAMING_SNAKE with a meaning and a fix', (code, info) => {
    expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/)
    expect(info.meaning.trim().length).toBeGreaterThan(10)
    expect(info.fix.trim().length).toBeGreaterThan(10)
  })

  it.each(entries.filter(([, i]) => !i.issue))('%s: family and exit code agree with the error class that carries it', (code, info) => {
    const e = errorFor(code, info)
    expect(e.toJSON()).toMatchObject({code, family: info.family, exitCode: exitCodeOf(info)})
    expect(exitCodeOf(info)).toBe({user: 1, external: 3, bug: 70}[info.family])
  })

  it('issue codes are user problems carried by a listed error; only issues can be warnings', () => {
    for (const [code, info] of entries) {
      if (info.issue) {
        expect(info.family, code).toBe('user')
        expect(ERROR_CODES.get(info.issue)?.family, code).toBe('user')
        expect(exitCodeOf(info), code).toBe(info.warning ? 0 : 1)
      } else expect(info.warning, code).toBeUndefined()
    }
  })

  it('has no stale codes: every code is built somewhere in src/ (quoted, as the constructors write it)', () => {
    const src = sourceFiles('src')
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
    expect(entries.map(([c]) => c).filter((c) => !src.includes(`'${c}'`))).toEqual([])
  })

  it('is the only place errors are built: no OpsError is constructed or subclassed outside src/errors/', () => {
    const outside = sourceFiles('src')
      .filter((f) => !f.startsWith(join('src', 'errors')))
      .filter((f) => /new (UserError|ExternalError|BugError)\(|extends (OpsError|UserError|ExternalError|BugError)\b/.test(readFileSync(f, 'utf8')))
    expect(outside).toEqual([])
  })

  it('documents every code in docs/errors.md', () => {
    const doc = readFileSync('docs/errors.md', 'utf8')
    expect(entries.map(([c]) => c).filter((c) => !doc.includes(`| \`${c}\` |`))).toEqual([])
  })
})
