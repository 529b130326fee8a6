import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {InventoryInvalidError, type InventoryIssue} from '../../../src/errors/inventory-issue.js'
import {loadInventory} from '../../../src/inventory/load.js'

interface ExpectedIssue {
  code: string
  file: string
  line: number
  col?: number
  message: string
  hint?: string
}

interface Expected {
  description: string
  env?: string
  environ?: Record<string, string>
  valid?: boolean
  issues: ExpectedIssue[]
  warnings?: ExpectedIssue[]
}

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/inventory/invalid')
const cases = readdirSync(ROOT).sort()
// The minimal inventory names one secret; provide it unless a case is about secrets.
const DEFAULT_ENVIRON = {KOTADC_SECRET_SIMPUS_DB_PASSWORD: 'not-a-real-password'}

const matches = (actual: InventoryIssue[], expected: ExpectedIssue[]): void => {
  const shown = actual.map((i) => `${i.location.file}:${i.location.line}:${i.location.col} ${i.path}: ${i.message} [${i.code}]`)
  expect(actual.length, `issues reported:\n${shown.join('\n')}`).toBe(expected.length)
  expected.forEach((e, n) => {
    const a = actual[n] as InventoryIssue
    const label = `issue ${n}: ${shown[n]}`
    expect(a.code, label).toBe(e.code)
    expect(a.location.file, label).toBe(e.file)
    expect(a.location.line, label).toBe(e.line)
    if (e.col !== undefined) expect(a.location.col, label).toBe(e.col)
    expect(a.message, label).toContain(e.message)
    if (e.hint !== undefined) expect(a.hint, label).toContain(e.hint)
    expect(a.hint.length, label).toBeGreaterThan(0)
  })
}

describe('invalid inventories', () => {
  it('has at least 35 cases', () => expect(cases.length).toBeGreaterThanOrEqual(35))

  for (const name of cases) {
    const dir = path.join(ROOT, name)
    const exp = parse(readFileSync(path.join(dir, 'expected.yaml'), 'utf8')) as Expected
    it(`${name}: ${exp.description}`, async () => {
      const run = loadInventory({dir, cwd: dir, environ: exp.environ ?? DEFAULT_ENVIRON, ...(exp.env ? {env: exp.env} : {})})
      if (exp.valid) {
        const loaded = await run
        matches(loaded.warnings, exp.warnings ?? [])
        return
      }
      const err = await run.then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(InventoryInvalidError)
      const issues = (err as InventoryInvalidError).issues
      matches(issues.filter((i) => i.severity === 'error' || exp.issues.some((e) => e.code === i.code)), exp.issues)
      expect(issues.filter((i) => i.severity === 'warning').map((i) => i.code)).toEqual((exp.issues.filter((e) => e.code === 'INVENTORY_SECRET_MISSING')).map((e) => e.code))
    })
  }
})
