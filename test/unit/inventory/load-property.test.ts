import {readFileSync} from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {parse, stringify} from 'yaml'
import {InventoryInvalidError} from '../../../src/errors/inventory-issue.js'
import {UserError} from '../../../src/errors/ops-error.js'
import {loadFromSources, type SourceFile} from '../../../src/inventory/load.js'

const MINIMAL = path.resolve(import.meta.dirname, '../../fixtures/inventory/valid/minimal')
const NAMES = ['site.yaml', 'hosts.yaml', 'agencies/dinkes.yaml', 'agencies/disdik.yaml', 'envs/lab.yaml']
const BASE: SourceFile[] = NAMES.map((n) => ({path: `inv/${n}`, text: readFileSync(path.join(MINIMAL, n), 'utf8')}))

type Tree = Record<string, unknown> | unknown[]
type Seg = string | number

/** Every path to a value inside a plain YAML tree. */
function paths(v: unknown, at: Seg[] = []): Seg[][] {
  const out: Seg[][] = [at]
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])))
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]))
  return out
}

const parentOf = (root: unknown, p: Seg[]): Tree | undefined => {
  let cur: unknown = root
  for (const s of p.slice(0, -1)) cur = (cur as Record<Seg, unknown>)[s]
  return cur && typeof cur === 'object' ? (cur as Tree) : undefined
}

const nasty = fc.oneof(fc.string(), fc.constantFrom('$(touch /tmp/x)', 'a;b', ': x', '- y', '{', '[', '"', "'", '*a', '&b', '!!int x', '#', '\t', '|', '>', '%YAML', '---', '10.0.0.300', '10.10.0.11', 'hv1', 'mgmt'))
const anyValue = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), {maxLength: 3}), fc.dictionary(fc.string({maxLength: 6}), fc.string(), {maxKeys: 3}))

const mutation = fc.record({
  file: fc.nat(NAMES.length - 1),
  at: fc.nat(),
  op: fc.constantFrom('delete', 'rename', 'replace', 'duplicate', 'text'),
  key: fc.oneof(fc.string({maxLength: 8}), fc.constantFrom('adress', 'name', 'hosts', 'kind', 'schemaVersion')),
  value: anyValue,
})

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never

function mutate(files: SourceFile[], m: Mutation): SourceFile[] {
  const target = files[m.file] as SourceFile
  let text: string
  if (m.op === 'text') {
    const at = m.at % (target.text.length + 1)
    text = target.text.slice(0, at) + (typeof m.value === 'string' ? m.value : (JSON.stringify(m.value) ?? 'null')) + target.text.slice(at)
  } else {
    let tree: unknown
    try {
      tree = parse(target.text)
    } catch {
      return files // an earlier text mutation already broke the YAML; leave it broken
    }
    const all = paths(tree).filter((p) => p.length > 0)
    const p = all[m.at % Math.max(1, all.length)]
    const parent = p ? parentOf(tree, p) : undefined
    const last = p?.at(-1)
    if (parent && last !== undefined) {
      const rec = parent as Record<Seg, unknown>
      if (m.op === 'delete') {
        if (Array.isArray(parent)) parent.splice(Number(last), 1)
        else delete rec[last]
      } else if (m.op === 'replace') rec[last] = m.value
      else if (m.op === 'duplicate' && Array.isArray(parent)) parent.push(structuredClone(parent[Number(last)]))
      else if (m.op === 'rename' && !Array.isArray(parent)) {
        rec[m.key] = rec[last]
        if (m.key !== last) delete rec[last]
      }
    }
    text = stringify(tree)
  }
  return files.map((f, i) => (i === m.file ? {...f, text} : f))
}

describe('loadFromSources under random breakage', () => {
  it('only ever resolves or raises InventoryInvalidError/UserError with located issues', () => {
    fc.assert(
      fc.property(fc.array(mutation, {minLength: 1, maxLength: 3}), fc.boolean(), (ms, withEnv) => {
        const files = ms.reduce(mutate, BASE)
        const lines = new Map(files.map((f) => [f.path, f.text.split('\n').length]))
        try {
          loadFromSources(files, {dir: 'inv', ...(withEnv ? {env: 'lab'} : {}), secrets: {has: () => false}})
        } catch (e) {
          if (!(e instanceof UserError)) throw e
          const issues = e instanceof InventoryInvalidError ? e.issues : []
          if (e instanceof InventoryInvalidError) expect(issues.some((i) => i.severity === 'error')).toBe(true)
          for (const i of issues) {
            expect(lines.has(i.location.file), i.location.file).toBe(true)
            expect(i.location.line).toBeGreaterThanOrEqual(1)
            expect(i.location.line).toBeLessThanOrEqual((lines.get(i.location.file) ?? 0) + 1)
            expect(i.location.col).toBeGreaterThanOrEqual(1)
            expect(i.code).toMatch(/^[A-Z][A-Z0-9_]+$/)
            expect(i.hint.length).toBeGreaterThan(0)
          }
        }
      }),
      {numRuns: 200},
    )
  })

  it('accepts the unmutated inventory', () => {
    expect(loadFromSources(BASE, {dir: 'inv', env: 'lab'}).inventory.site.name).toBe('testdc-lab')
  })
})
