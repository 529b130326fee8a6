import {formatPath} from '../../inventory/locate.js'
/** Where in a task's arguments a problem sits, e.g. ['names', 2]; the playbook loader maps it to file:line. */
export type ArgPath = readonly (string | number)[]

export type ArgIssueCode = 'TASK_ARG_MISSING' | 'TASK_ARG_UNKNOWN' | 'TASK_ARG_INVALID' | 'TASK_TYPE_UNKNOWN' | 'TASK_SECRET_IN_ARGV'

export interface ArgIssue {
  path: ArgPath
  code: ArgIssueCode
  message: string
  hint: string
}

export type Parsed<T> = {ok: true; value: T} | {ok: false; issues: ArgIssue[]}

/** What docs/playbooks.md says about a field: generated from the same schema that validates arguments. */
export interface FieldDoc {
  /** What the value is, e.g. `absolute path`, `list of Debian package names`. */
  type: string
  hint?: string
  default?: unknown
  /** Mapping fields, for `object`. */
  fields?: Readonly<Record<string, Field<unknown>>>
  /** Rules across fields, for `refine`. */
  rules?: string[]
}

/** A validator and converter of one value. `optional` fields may be missing from an object. */
export interface Field<T> {
  parse(raw: unknown, path: ArgPath): Parsed<T>
  readonly optional?: boolean
  readonly doc?: FieldDoc
}

export const ok = <T>(value: T): Parsed<T> => ({ok: true, value})
export const invalid = (path: ArgPath, message: string, hint: string): Parsed<never> => ({
  ok: false,
  issues: [{path, code: 'TASK_ARG_INVALID', message, hint}],
})

export const showPath = (path: ArgPath): string => formatPath(path) || '(arguments)'

/** A field that accepts what `check` accepts (`type` says what that is); `check` returns the value or what is wrong. */
export const field = <T>(check: (raw: unknown) => {value: T} | {error: string}, hint: string, type = 'value'): Field<T> => ({
  parse: (raw, path) => {
    const r = check(raw)
    return 'error' in r ? invalid(path, `${showPath(path)}: ${r.error}`, hint) : ok(r.value)
  },
  doc: {type, hint},
})

const docOf = (f: Field<unknown>): FieldDoc => f.doc ?? {type: 'value'}

export const optional = <T>(f: Field<T>): Field<T> & {optional: true} => ({parse: f.parse, optional: true, doc: docOf(f)})

/** Missing means `value`; the output is then required. */
export const withDefault = <T>(f: Field<T>, value: T): Field<T> & {defaulted: true} => ({
  parse: (raw, path) => (raw === undefined ? ok(value) : f.parse(raw, path)),
  optional: true,
  defaulted: true,
  doc: {...docOf(f), default: value},
})

export const list = <T>(item: Field<T>, {nonEmpty = false} = {}): Field<T[]> => ({
  doc: {type: `${nonEmpty ? 'non-empty ' : ''}list of ${docOf(item).type}`, ...(item.doc?.hint ? {hint: item.doc.hint} : {})},
  parse: (raw, path) => {
    if (!Array.isArray(raw)) return invalid(path, `${showPath(path)}: expected a list`, 'write a YAML list, e.g. [a, b]')
    if (nonEmpty && raw.length === 0) return invalid(path, `${showPath(path)}: must not be empty`, 'list at least one item')
    const issues: ArgIssue[] = []
    const out: T[] = []
    raw.forEach((r, i) => {
      const p = item.parse(r, [...path, i])
      if (p.ok) out.push(p.value)
      else issues.push(...p.issues)
    })
    return issues.length > 0 ? {ok: false, issues} : ok(out)
  },
})

type OptionalKeys<S> = {[K in keyof S]: S[K] extends {optional: true} ? (S[K] extends {defaulted: true} ? never : K) : never}[keyof S]
type FieldOf<F> = F extends Field<infer T> ? T : never
type Simplify<T> = {[K in keyof T]: T[K]} & {}
export type ObjectOf<S> = Simplify<{[K in Exclude<keyof S, OptionalKeys<S>>]: FieldOf<S[K]>} & {[K in OptionalKeys<S>]?: FieldOf<S[K]>}>

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v)

/** A mapping with exactly these keys (unknown keys are errors, every problem is reported). */
export function object<S extends Record<string, Field<unknown>>>(shape: S): Field<ObjectOf<S>> {
  return {
    doc: {type: 'mapping', fields: shape},
    parse: (raw, path) => {
      if (!isPlainObject(raw))
        return invalid(
          path,
          `${showPath(path)}: expected a mapping of arguments`,
          `write the arguments as key: value pairs (${Object.keys(shape).join(', ')})`,
        )
      const issues: ArgIssue[] = []
      const out: Record<string, unknown> = {}
      for (const key of Object.keys(raw)) {
        if (!(key in shape)) {
          issues.push({
            path: [...path, key],
            code: 'TASK_ARG_UNKNOWN',
            message: `${showPath([...path, key])}: unknown argument`,
            hint: `allowed here: ${Object.keys(shape).join(', ')}`,
          })
        }
      }
      for (const [key, f] of Object.entries(shape)) {
        const value = raw[key]
        if (value === undefined && f.optional && !(f as {defaulted?: boolean}).defaulted) continue
        if (value === undefined && !f.optional) {
          issues.push({
            path: [...path, key],
            code: 'TASK_ARG_MISSING',
            message: `${showPath([...path, key])}: required argument is missing`,
            hint: `add ${key}: …`,
          })
          continue
        }
        const p = f.parse(value, [...path, key])
        if (p.ok) out[key] = p.value
        else issues.push(...p.issues)
      }
      return issues.length > 0 ? {ok: false, issues} : ok(out as ObjectOf<S>)
    },
  }
}

/** Extra checks across fields (`rule` says them in words), after each field parsed cleanly (issue paths relative to the value). */
export const refine = <T>(f: Field<T>, rule: string, check: (v: T) => ArgIssue[]): Field<T> => ({
  doc: {...docOf(f), rules: [...(f.doc?.rules ?? []), rule]},
  parse: (raw, path) => {
    const p = f.parse(raw, path)
    if (!p.ok) return p
    // check() gives paths relative to this value; anchor them where the value sits.
    const issues = check(p.value).map((i) => ({...i, path: [...path, ...i.path]}))
    return issues.length > 0 ? {ok: false, issues} : p
  },
})
