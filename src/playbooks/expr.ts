import {Drop, Liquid, type Template} from 'liquidjs'

/**
 * Liquid expressions inside playbook values: task arguments, `when:` conditions and `loop:` lists. Unlike template
 * files (tasks/template-render.ts), an expression can include nothing: include, render and layout are refused when
 * parsed, so an expression reads only the variables it is given and never the filesystem.
 */
// lenientIf: a missing value is false in a condition and takes a `default:`; anywhere else it is an error.
const engine = new Liquid({strictVariables: true, strictFilters: true, lenientIf: true, ownPropertyOnly: true, cache: false})
for (const tag of ['include', 'render', 'layout'])
  engine.registerTag(tag, {
    parse() {
      throw new Error(`{% ${tag} %} is not allowed in a playbook value (it would read files); use a template task`)
    },
    render() {
      return ''
    },
  })

/** Where a problem sits inside the value's own text (1-based row and column). */
export interface TextPos {
  row: number
  col: number
}

/** A variable an expression reads, e.g. ['host', 'vars', 'port'], and where. */
export interface VariableRef extends TextPos {
  segments: (string | number)[]
}

/** Something wrong with an expression: the message without liquidjs's position suffix, and where in the text. */
export class ExprError extends Error {
  constructor(
    message: string,
    readonly pos: TextPos,
  ) {
    super(message)
  }
}

/**
 * A parsed value. `text`: a string with expressions in it (renders to a string); `value`: a string that is one
 * `{{ … }}` and nothing else (keeps the value's type: a number, a list); `condition`: a `when:`.
 */
export interface Expr {
  readonly kind: 'text' | 'value' | 'condition'
  /** The value as written. */
  readonly source: string
  readonly templates: Template[]
  /** For `value`: the expression between the braces. */
  readonly inner?: string
  /** Characters the wrapper adds before the written text on its first row (`{% if ` for a condition). */
  readonly shift: number
  /** Where `inner` starts in the written text (0-based), to place errors of evaluating it alone. */
  readonly innerAt: number
}

export const hasExpr = (s: string): boolean => /\{\{|\{%/.test(s)

const SINGLE = /^\{\{-?\s*((?:(?!\}\}|\{\{)[\s\S])*?)\s*-?\}\}$/

const posOf = (e: unknown, shift: number): TextPos => {
  const p = (e as {token?: {getPosition?: () => [number, number]}}).token?.getPosition?.()
  const [row, col] = p ?? [1, 1]
  return {row, col: row === 1 ? Math.max(1, col - shift) : col}
}

// liquidjs appends ", line:1, col:6" and sometimes the source line; the caller gives the real location.
const cleanMessage = (e: unknown): string =>
  ((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '').replace(/, (file:.*?, )?line:\d+, col:\d+$/, '')

const parse = (kind: Expr['kind'], source: string, wrapped: string, inner?: string): Expr => {
  const innerAt = inner === undefined ? 0 : Math.max(0, source.indexOf(inner))
  const shift = inner === undefined ? 0 : wrapped.indexOf(inner) - innerAt
  try {
    return {kind, source, templates: engine.parse(wrapped), shift, innerAt, ...(inner === undefined ? {} : {inner})}
  } catch (e) {
    throw new ExprError(cleanMessage(e), posOf(e, shift))
  }
}

/** A string argument with expressions in it (call only when hasExpr). Throws ExprError on a syntax error. */
export function parseText(source: string): Expr {
  const single = SINGLE.exec(source.trim())
  if (single && source === source.trim()) return parse('value', source, source, single[1])
  return parse('text', source, source)
}

// `when:` and `loop:` take a bare expression; braces around it are accepted too.
const unwrap = (source: string): string => source.trim().replace(/^\{\{-?\s*([\s\S]*?)\s*-?\}\}$/, '$1')

/** A `when:` condition: a liquid condition such as `facts.os.id == "debian" and host.vars.tls`. */
export function parseCondition(source: string): Expr {
  const inner = unwrap(source)
  return parse('condition', source, `{% if ${inner} %}true{% endif %}`, inner)
}

/** A `loop:` written as an expression (`workloads`, `{{ host.vars.sites }}`): it must give a list. */
export function parseList(source: string): Expr {
  const inner = unwrap(source)
  return parse('value', source, `{{ ${inner} }}`, inner)
}

/** Every variable the expression reads from its scope (not the ones its own `for`/`assign` define). */
export function variablesOf(e: Expr): VariableRef[] {
  const {globals} = engine.analyzeSync(e.templates, {partials: false})
  return Object.values(globals).flatMap((vars) =>
    vars.map((v) => ({
      segments: v.toArray().filter((s): s is string | number => !Array.isArray(s)),
      row: v.location.row,
      col: v.location.row === 1 ? Math.max(1, v.location.col - e.shift) : v.location.col,
    })),
  )
}

const plain = (v: unknown): unknown => (v instanceof Drop ? (v as unknown as {valueOf(): unknown}).valueOf() : v)

/** Evaluates an expression over `scope` (strict: an undefined variable or filter throws ExprError). */
export function evaluate(e: Expr, scope: Record<string, unknown>): unknown {
  try {
    if (e.kind === 'condition') return engine.renderSync(e.templates, scope) === 'true'
    if (e.kind === 'value') return plain(engine.evalValueSync(e.inner as string, scope))
    return engine.renderSync(e.templates, scope) as string
  } catch (err) {
    // evalValueSync parses again without the wrapper, so its positions count from the inner text.
    throw new ExprError(cleanMessage(err), posOf(err, e.kind === 'value' ? -e.innerAt : e.shift))
  }
}
