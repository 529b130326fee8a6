import {constants} from 'node:fs'
import {open, readdir, stat} from 'node:fs/promises'
import path from 'node:path'
import {LineCounter, parseDocument} from 'yaml'
import {
  inventoryDirMissing,
  inventoryEnvInvalid,
  inventoryEnvMissing,
  inventoryFileNotRegular,
  inventoryFileTooLarge,
  inventoryFileUnreadable,
  inventoryIssue,
  inventoryNoFiles,
  inventoryNotDirectory,
} from '../errors/catalog.js'
import {InventoryInvalidError, sortIssues, type InventoryIssue} from '../errors/inventory-issue.js'
import {formatPath, locate, locateOffset, type ParsedFile} from './locate.js'
import type {Inventory} from './model.js'
import {applyOverlay} from './overlay.js'
import {jsonSchemaFor, type InventoryFileKind, type JsonSchema} from './schema.js'
import {openSecrets, type SecretStore} from './secrets.js'
import {buildInventory} from './validate/build.js'
import {crossCheck} from './validate/check.js'
import {collect, type SourceValue} from './validate/collect.js'
import {draft, type IssueDraft} from './validate/draft.js'
import {checkVersion, migrate, SUPPORTED_VERSIONS} from './validate/migrate.js'
import {isObject, type Locator} from './validate/raw.js'
import {checkStructure} from './validate/structure.js'
import {withVmPins} from '../vms/hosts.js'

export interface LoadOptions {
  /** Inventory directory (the caller resolves the default `inventory`). */
  dir: string
  /** Overlay name: inventory/envs/<env>.yaml. */
  env?: string
  /** Environment for KOTADC_SECRET_<NAME> and KOTADC_AGE_IDENTITY (the service passes process.env). */
  environ?: Record<string, string | undefined>
  /** File names in errors are shown relative to this (default process.cwd()). */
  cwd?: string
  /**
   * Files as they would be after an edit (absolute path → text), validated instead of what is on disk (a new agency
   * file is added): onboarding checks the whole result before writing anything.
   */
  pending?: ReadonlyMap<string, string>
  /** Secret names about to be stored: validation counts them as present. */
  pendingSecrets?: readonly string[]
}

export interface LoadedInventory {
  inventory: Inventory
  warnings: InventoryIssue[]
  files: string[]
  /** The DEMO age identity that opened secrets.age (shown relative to cwd), when it was used. */
  demoIdentity?: string
}

/** One inventory file's text; `path` is the name shown in issues. */
export interface SourceFile {
  path: string
  text: string
}

export interface LoadSourcesOptions {
  /** The inventory directory, written the same way as the `path`s of the files. */
  dir: string
  env?: string
  /** Without a store, secrets are not checked. */
  secrets?: Pick<SecretStore, 'has'>
}

const ENV_NAME = /^[a-z][a-z0-9-]{0,62}$/
const YAML = /\.ya?ml$/

function classify(rel: string, env: string | undefined): {kind: InventoryFileKind; stem?: string} | undefined {
  const parts = rel.split(/[\\/]/)
  const stem = (parts.at(-1) ?? '').replace(YAML, '')
  if (rel === 'site.yaml') return {kind: 'site'}
  if (rel === 'hosts.yaml' || (parts.length === 2 && parts[0] === 'hosts' && YAML.test(rel))) return {kind: 'hosts'}
  if (parts.length === 2 && parts[0] === 'agencies' && YAML.test(rel)) return {kind: 'agency', stem}
  if (env !== undefined && parts.length === 2 && parts[0] === 'envs' && stem === env) return {kind: 'overlay'}
  return undefined
}

/**
 * Parses, validates and builds the inventory from file texts, without I/O (the property tests drive this).
 * Throws InventoryInvalidError with every issue (errors and warnings) when there is at least one error.
 */
export function loadFromSources(files: readonly SourceFile[], opts: LoadSourcesOptions): LoadedInventory {
  const parsed = new Map<string, ParsedFile>()
  const loc: Locator = (ref, target) => {
    const pf = parsed.get(ref.file)
    return pf ? locate(pf, ref.path, target) : {file: ref.file, line: 1, col: 1}
  }
  const issues: InventoryIssue[] = []
  const toIssue = (d: IssueDraft): InventoryIssue => ({...d.spec, path: formatPath(d.shown ?? d.at.path), location: loc(d.at, d.target)})
  const sources: SourceValue[] = []
  let broken = false
  let versionFatal = false

  for (const f of files) {
    const c = classify(path.relative(opts.dir, f.path).split(path.sep).join('/'), opts.env)
    if (!c) continue
    const lineCounter = new LineCounter()
    const doc = parseDocument(f.text, {lineCounter, prettyErrors: false, uniqueKeys: true})
    const pf: ParsedFile = {file: f.path, doc, lineCounter}
    parsed.set(f.path, pf)
    if (doc.errors.length) {
      broken = true
      for (const e of doc.errors) issues.push({...inventoryIssue.yamlSyntax(e.message.split('\n')[0] ?? e.code), path: '', location: locateOffset(pf, e.pos[0])})
      continue
    }
    // An unknown tag would quietly become plain text: `!secret NAME` here is no secret reference (README: Secrets).
    for (const w of doc.warnings) {
      if (w.code === 'TAG_RESOLVE_FAILED') issues.push({...inventoryIssue.unknownTag(f.text.slice(w.pos[0], w.pos[1])), path: '', location: locateOffset(pf, w.pos[0])})
    }
    let value: unknown
    try {
      value = doc.toJS({maxAliasCount: 1000})
    } catch (e) {
      broken = true
      issues.push({...inventoryIssue.yamlSyntax((e as Error).message), path: '', location: {file: f.path, line: 1, col: 1}})
      continue
    }
    const version = checkVersion(isObject(value) ? value.schemaVersion : undefined, c.kind === 'site')
    const root = {file: f.path, path: []}
    if (!version.ok && version.reason === 'missing') issues.push(toIssue(draft(inventoryIssue.schemaVersionMissing(), root, 'value', ['schemaVersion'])))
    else if (!version.ok) {
      versionFatal = true
      issues.push(toIssue(draft(inventoryIssue.schemaVersionUnsupported(version.found, SUPPORTED_VERSIONS), {file: f.path, path: ['schemaVersion']})))
      continue
    } else if (isObject(value)) value = migrate(value, version.version)
    sources.push({kind: c.kind, file: f.path, value, ...(c.stem === undefined ? {} : {stem: c.stem})})
  }
  // A newer format means the rest would be judged by the wrong rules: report only that.
  if (versionFatal) throw new InventoryInvalidError(issues.filter((i) => i.code.startsWith('INVENTORY_SCHEMA_VERSION') || i.code === 'INVENTORY_YAML_SYNTAX'))

  const structural = new Set<string>()
  for (const s of sources) {
    for (const d of checkStructure(s.value, jsonSchemaFor(s.kind) as JsonSchema, s.file)) {
      structural.add(`${s.file}\0${formatPath(d.shown ?? d.at.path)}`)
      issues.push(toIssue(d))
    }
  }
  // Cross-checks on files that did not parse, or whose whole content is not a mapping (garbage that happens to be a
  // YAML string), would report everything defined there as missing: the file's own error is the one to fix first.
  if (broken || sources.some((s) => !isObject(s.value))) throw new InventoryInvalidError(issues)

  const {raw, issues: collected} = collect(sources.filter((s) => s.kind !== 'overlay'))
  const overlay = sources.find((s) => s.kind === 'overlay')
  const overlayIssues = overlay ? applyOverlay(raw, overlay.value, overlay.file) : []
  const cross = crossCheck(raw, loc, opts.secrets ? (n) => opts.secrets?.has(n) ?? true : () => true)
  // A value the schema already rejected is not reported again by a cross-check.
  const seen = (d: IssueDraft): boolean => d.at.path.some((_, i) => structural.has(`${d.at.file}\0${formatPath(d.at.path.slice(0, i + 1))}`))
  for (const d of [...collected, ...overlayIssues, ...cross.issues]) if (!seen(d)) issues.push(toIssue(d))

  const sorted = sortIssues(issues)
  if (sorted.some((i) => i.severity === 'error')) throw new InventoryInvalidError(sorted)
  const inventory = buildInventory(raw, {root: opts.dir, ...(opts.env === undefined ? {} : {env: opts.env}), placements: cross.placements, loc})
  return {inventory, warnings: sorted, files: files.filter((f) => parsed.has(f.path)).map((f) => f.path)}
}

async function yamlFilesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => YAML.test(n)).sort().map((n) => path.join(dir, n))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw inventoryFileUnreadable(dir, (e as Error).message, e)
  }
}

/** The largest inventory file kotadc reads (README: Inventory files). A site's biggest real file is a few hundred KiB. */
export const MAX_INVENTORY_FILE_BYTES = 4 * 2 ** 20

const kindOf = (s: {isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean}): string =>
  s.isDirectory() ? 'directory' : s.isFIFO() ? 'named pipe (FIFO)' : s.isSocket() ? 'socket' : s.isCharacterDevice() || s.isBlockDevice() ? 'device' : 'special file'

/**
 * Reads one inventory file, refusing what is not a regular file or too large before reading a byte of it.
 * Opening non-blocking and checking the open descriptor means a FIFO cannot hang the read and a file swapped after a
 * check is still the one checked.
 */
async function readInventoryFile(p: string, shown: string): Promise<string> {
  let handle
  try {
    handle = await open(p, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (e) {
    throw inventoryFileUnreadable(shown, (e as NodeJS.ErrnoException).code ?? (e as Error).message, e)
  }
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw inventoryFileNotRegular(shown, kindOf(info))
    if (info.size > MAX_INVENTORY_FILE_BYTES) throw inventoryFileTooLarge(shown, info.size, MAX_INVENTORY_FILE_BYTES)
    return await handle.readFile('utf8')
  } finally {
    await handle.close()
  }
}

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false)

/** Reads `dir` (site.yaml, hosts.yaml and/or hosts/*.yaml, agencies/*.yaml, envs/<env>.yaml), validates and builds it. */
export async function loadInventory(opts: LoadOptions): Promise<LoadedInventory> {
  const cwd = opts.cwd ?? process.cwd()
  const dir = path.resolve(cwd, opts.dir)
  // Outside cwd a relative name (../../x) is harder to read than the absolute path.
  const show = (p: string): string => {
    const rel = path.relative(cwd, p)
    return rel.startsWith('..') ? p : rel || '.'
  }
  const info = await stat(dir).catch(() => undefined)
  if (!info) throw inventoryDirMissing(show(dir))
  if (!info.isDirectory()) throw inventoryNotDirectory(show(dir))
  const site = path.join(dir, 'site.yaml')
  if (!(await exists(site))) throw inventoryNoFiles(show(dir))
  const names = [site]
  if (await exists(path.join(dir, 'hosts.yaml'))) names.push(path.join(dir, 'hosts.yaml'))
  names.push(...(await yamlFilesIn(path.join(dir, 'hosts'))), ...(await yamlFilesIn(path.join(dir, 'agencies'))))
  for (const p of opts.pending?.keys() ?? []) if (!names.includes(p)) names.push(p)
  if (opts.env !== undefined) {
    const file = path.join(dir, 'envs', `${opts.env}.yaml`)
    if (!ENV_NAME.test(opts.env) || !(await exists(file))) {
      const known = (await yamlFilesIn(path.join(dir, 'envs'))).map((p) => path.basename(p).replace(YAML, ''))
      // A name that is not a DNS label (../../etc/passwd) never becomes a path, not even one that is only tested.
      if (!ENV_NAME.test(opts.env)) throw inventoryEnvInvalid(opts.env, known)
      throw inventoryEnvMissing(opts.env, show(file), known)
    }
    names.push(file)
  }
  const files = await Promise.all(names.map(async (p) => ({path: show(p), text: opts.pending?.get(p) ?? (await readInventoryFile(p, show(p)))})))
  const secrets = await openSecrets({dir, environ: opts.environ ?? {}})
  const pendingSecrets = new Set(opts.pendingSecrets)
  const known = pendingSecrets.size ? {has: (n: string) => pendingSecrets.has(n) || secrets.has(n)} : secrets
  const found = loadFromSources(files, {dir: show(dir), ...(opts.env === undefined ? {} : {env: opts.env}), secrets: known})
  const loaded = {...found, inventory: withVmPins(found.inventory, (n) => (secrets.has(n) ? secrets.get(n).reveal() : undefined))}
  return secrets.demoIdentity ? {...loaded, demoIdentity: show(secrets.demoIdentity)} : loaded
}
