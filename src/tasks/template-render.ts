import {Liquid} from 'liquidjs'
import type {SourceLocation} from '../errors/ops-error.js'
import {Secret, SECRET_MASK} from '../inventory/secret.js'
import {templateNotFound, templateRenderFailed} from '../errors/tasks.js'
import type {FileContent} from './step.js'

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype

const mapSecrets = (v: unknown, f: (s: Secret) => string): unknown => {
  if (v instanceof Secret) return f(v)
  if (Array.isArray(v)) return v.map((x) => mapSecrets(x, f))
  if (isPlain(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapSecrets(x, f)]))
  return v
}

// The lookup of the render in progress; renders are synchronous, so one engine serves every lookup in turn.
let currentLookup: (name: string) => string | undefined = () => undefined

// Templates may include other templates, but only through the lookup: no filesystem, no relative climbing.
// One engine for the process: building a Liquid instance costs more than rendering a small template.
const engine = new Liquid({
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  relativeReference: false,
  extname: '',
  cache: false,
  fs: {
    exists: async (f) => currentLookup(f) !== undefined,
    existsSync: (f) => currentLookup(f) !== undefined,
    readFile: async (f) => currentLookup(f) ?? '',
    readFileSync: (f) => currentLookup(f) ?? '',
    resolve: (_dir, file) => file,
    containsSync: () => true,
    contains: async () => true,
  },
})

// Parsed templates by their text: a phase renders the same vhost template for every domain on every proxy, twice
// (real and masked), and parsing costs more than rendering. Keyed by text, so an edited template is parsed anew.
const parsedTemplates = new Map<string, ReturnType<typeof engine.parse>>()

const locationOf = (name: string, e: unknown): SourceLocation | undefined => {
  const token = (e as {token?: {getPosition?: () => [number, number]}}).token
  const pos = token?.getPosition?.()
  return pos ? {file: `templates/${name}`, line: pos[0], col: pos[1]} : undefined
}

/**
 * Render templates/<name> with liquidjs. Values are written literally (no shell involved). When a secret
 * reaches the output the result is a Secret, so plans, diffs and JSON show `***` instead.
 */
export function renderTemplate(name: string, lookup: (name: string) => string | undefined, scope: Record<string, unknown>): FileContent {
  if (lookup(name) === undefined) throw templateNotFound(name)
  const render = (vars: unknown): string => {
    const previous = currentLookup
    currentLookup = lookup
    try {
      const text = lookup(name) as string
      let parsed = parsedTemplates.get(text)
      if (!parsed) parsedTemplates.set(text, (parsed = engine.parse(text)))
      return engine.renderSync(parsed, vars as object) as string
    } catch (e) {
      const detail = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''
      throw templateRenderFailed(name, detail.replace(/, file:.*$/, ''), locationOf(name, e))
    } finally {
      currentLookup = previous
    }
  }
  const real = render(mapSecrets(scope, (s) => s.reveal()))
  const masked = render(mapSecrets(scope, () => SECRET_MASK))
  return real === masked ? real : new Secret(`template ${name}`, real)
}
