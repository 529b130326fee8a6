import {inventoryIssue} from '../../errors/catalog.js'
import type {KeyPath} from '../locate.js'
import type {JsonSchema} from '../schema.js'
import {child, draft, type IssueDraft, type Ref} from './draft.js'
import {FORMATS} from './formats.js'
import {suggest} from '../../errors/did-you-mean.js'

/**
 * Interprets the subset of JSON Schema that schema.ts uses and turns every violation into an
 * issue with a precise code. No compile step, so startup stays fast and each issue knows its node.
 */

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping (key: value)',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
}

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing (empty value)'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`
  return typeof v === 'number' || typeof v === 'boolean' ? `${typeof v} ${v}` : typeof v
}

const typeMatches = (type: string, v: unknown): boolean => {
  switch (type) {
    case 'object':
      return isObject(v)
    case 'array':
      return Array.isArray(v)
    case 'string':
      return typeof v === 'string'
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v)
    case 'number':
      return typeof v === 'number' && Number.isFinite(v)
    case 'boolean':
      return typeof v === 'boolean'
    default:
      return true
  }
}

class Walker {
  readonly issues: IssueDraft[] = []
  constructor(readonly root: JsonSchema) {}

  resolve(s: JsonSchema): JsonSchema {
    const r = s.$ref
    if (typeof r !== 'string') return s
    const name = r.slice(r.lastIndexOf('/') + 1)
    return ((this.root.definitions as Record<string, JsonSchema> | undefined)?.[name] ?? {})
  }

  walk(v: unknown, schemaIn: JsonSchema, at: Ref): void {
    const s = this.resolve(schemaIn)
    if (typeof s.type === 'string' && !typeMatches(s.type, v)) {
      this.issues.push(draft(inventoryIssue.invalidType(TYPE_WORDS[s.type] ?? s.type, describeValue(v)), at))
      return
    }
    if ('const' in s && v !== s.const) {
      this.issues.push(draft(inventoryIssue.invalidValue(`${describeValue(v)} is not allowed`, `use ${JSON.stringify(s.const)}`), at))
      return
    }
    if (Array.isArray(s.enum) && !s.enum.includes(v)) {
      const allowed = s.enum.map(String)
      const near = typeof v === 'string' ? suggest(v, allowed) : undefined
      this.issues.push(draft(inventoryIssue.invalidValue(`${describeValue(v)} is not one of ${allowed.join(', ')}`, near ? `did you mean "${near}"?` : `use one of: ${allowed.join(', ')}`), at))
      return
    }
    if (typeof v === 'string') this.string(v, s, at)
    else if (typeof v === 'number') this.number(v, s, at)
    else if (Array.isArray(v)) this.array(v, s, at)
    else if (isObject(v)) this.object(v, s, at)
  }

  string(v: string, s: JsonSchema, at: Ref): void {
    const format = typeof s.format === 'string' ? FORMATS[s.format] : undefined
    if (format) {
      const p = format.check(v)
      if (p) {
        this.issues.push(draft(p.kind === 'name' ? inventoryIssue.invalidName(p.message, p.hint) : inventoryIssue.invalidValue(p.message, p.hint), at))
        return
      }
    }
    if (typeof s.minLength === 'number' && v.length < s.minLength) {
      this.issues.push(draft(inventoryIssue.invalidValue('the value is empty', 'write a value, or remove the key'), at))
    }
  }

  number(v: number, s: JsonSchema, at: Ref): void {
    const min = s.minimum as number | undefined
    const max = s.maximum as number | undefined
    const xmin = s.exclusiveMinimum as number | undefined
    if (min !== undefined && v < min) this.issues.push(draft(inventoryIssue.invalidValue(`${v} is below the minimum ${min}`, `use a value of at least ${min}`), at))
    else if (xmin !== undefined && v <= xmin) this.issues.push(draft(inventoryIssue.invalidValue(`${v} must be greater than ${xmin}`, `use a value above ${xmin}`), at))
    else if (max !== undefined && v > max) this.issues.push(draft(inventoryIssue.invalidValue(`${v} is above the maximum ${max}`, `use a value of at most ${max}`), at))
  }

  array(v: unknown[], s: JsonSchema, at: Ref): void {
    if (typeof s.minItems === 'number' && v.length < s.minItems) {
      this.issues.push(draft(inventoryIssue.invalidValue(`the list needs at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}`, 'add an item, or remove the key'), at))
    }
    const seen = new Set<unknown>()
    v.forEach((item, i) => {
      if (s.items) this.walk(item, s.items as JsonSchema, child(at, i))
      if (s.uniqueItems && typeof item !== 'object') {
        if (seen.has(item)) this.issues.push(draft(inventoryIssue.invalidValue(`${describeValue(item)} is listed twice`, 'remove the repeated item'), child(at, i)))
        seen.add(item)
      }
    })
  }

  object(v: Record<string, unknown>, sIn: JsonSchema, at: Ref): void {
    let s = sIn
    const disc = (s.discriminator as {propertyName?: string} | undefined)?.propertyName
    if (disc && Array.isArray(s.oneOf)) {
      const branches = (s.oneOf as JsonSchema[]).map((b) => this.resolve(b))
      const tags = branches.map((b) => String((b.properties as Record<string, JsonSchema>)[disc]?.const))
      const tag = v[disc]
      const i = tags.indexOf(String(tag))
      if (tag === undefined || tag === null) {
        this.issues.push(draft(inventoryIssue.missingKey(disc, `one of ${tags.join(', ')}`), at, 'value', [...at.path, disc]))
        return
      }
      if (typeof tag !== 'string' || i < 0) {
        const near = typeof tag === 'string' ? suggest(tag, tags) : undefined
        this.issues.push(draft(inventoryIssue.invalidValue(`${describeValue(tag)} is not one of ${tags.join(', ')}`, near ? `did you mean "${near}"?` : `use one of: ${tags.join(', ')}`), child(at, disc)))
        return
      }
      s = branches[i] as JsonSchema
    }
    const props = (s.properties ?? {}) as Record<string, JsonSchema>
    for (const key of (s.required ?? []) as string[]) {
      // schemaVersion has its own codes (missing / unsupported), checked before structure.
      if (!(key in v) && !(key === 'schemaVersion' && at.path.length === 0)) {
        this.issues.push(draft(inventoryIssue.missingKey(key), at, 'value', [...at.path, key]))
      }
    }
    const names = s.propertyNames as JsonSchema | undefined
    for (const [key, value] of Object.entries(v)) {
      if (at.path.length === 0 && key === 'schemaVersion') continue
      if (names) this.propertyName(key, names, child(at, key))
      const ps = props[key]
      if (ps) this.walk(value, ps, child(at, key))
      else if (s.additionalProperties === false) {
        const allowed = Object.keys(props)
        this.issues.push(draft(inventoryIssue.unknownKey(key, suggest(key, allowed), allowed), child(at, key), 'key'))
      } else if (isObject(s.additionalProperties)) this.walk(value, s.additionalProperties, child(at, key))
    }
  }

  propertyName(key: string, s: JsonSchema, at: Ref): void {
    const before = this.issues.length
    this.string(key, this.resolve(s), at)
    for (let i = before; i < this.issues.length; i++) (this.issues[i] as IssueDraft).target = 'key'
  }
}

/** Checks one parsed file against its schema; returns every violation, none dropped. */
export function checkStructure(value: unknown, schema: JsonSchema, file: string, base: KeyPath = []): IssueDraft[] {
  const w = new Walker(schema)
  w.walk(value, schema, {file, path: base})
  return w.issues
}
