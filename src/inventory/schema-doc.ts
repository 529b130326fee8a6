import {inventoryCodes} from '../errors/inventory-codes.js'
import {jsonSchemaFor, type JsonSchema} from './schema.js'

// docs/inventory.md is rendered from the JSON Schema that `kotadc inventory schema` prints and the validator
// interprets, so the reference and the code cannot drift apart. Every property must carry a description.

interface Row {
  key: string
  type: string
  required: boolean
  allowed: string
  description: string
  example: string
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
const code = (v: unknown): string => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``

type Defs = Record<string, JsonSchema>

const resolve = (s: JsonSchema, defs: Defs): JsonSchema => {
  const ref = s.$ref
  if (typeof ref !== 'string') return s
  const target = defs[ref.replace('#/definitions/', '')]
  if (!target) throw new Error(`schema reference ${ref} does not resolve`)
  return {...resolve(target, defs), ...(s.description ? {description: s.description} : {}), ...(s.examples ? {examples: s.examples} : {})}
}

const typeOf = (s: JsonSchema, defs: Defs): string => {
  if (s.const !== undefined) return typeof s.const
  if (s.type === 'array') return `list of ${typeOf(resolve((s.items ?? {}) as JsonSchema, defs), defs)}`
  if (s.type === 'object' && typeof s.additionalProperties === 'object') return 'map'
  if (s.oneOf) return 'object'
  return typeof s.type === 'string' ? s.type : Array.isArray(s.type) ? s.type.join(',') : 'any'
}

const allowedOf = (s: JsonSchema, defs: Defs): string => {
  const parts: string[] = []
  if (s.const !== undefined) parts.push(code(s.const))
  if (Array.isArray(s.enum)) parts.push(s.enum.map(code).join(', '))
  if (typeof s.format === 'string') parts.push(`${s.format}${typeof s.pattern === 'string' ? `: ${code(s.pattern)}` : ''}`)
  const min = typeof s.minimum === 'number' ? s.minimum : undefined
  const max = typeof s.maximum === 'number' ? s.maximum : undefined
  if (min !== undefined || max !== undefined) parts.push(max === undefined ? `≥ ${min}` : min === undefined ? `≤ ${max}` : `${min}–${max}`)
  if (typeof s.exclusiveMinimum === 'number') parts.push(`> ${s.exclusiveMinimum}`)
  if (typeof s.minLength === 'number') parts.push('not empty')
  if (typeof s.minItems === 'number') parts.push(`at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}`)
  if (s.uniqueItems) parts.push('no duplicates')
  if (s.type === 'array') {
    const item = resolve((s.items ?? {}) as JsonSchema, defs)
    if (item.type !== 'object') {
      const inner = allowedOf(item, defs)
      if (inner) parts.push(`each: ${inner}`)
    }
  }
  if (typeof s.propertyNames === 'object') parts.push(`keys: ${allowedOf(s.propertyNames as JsonSchema, defs)}`)
  if (typeof s.additionalProperties === 'object') parts.push(`values: ${typeOf(s.additionalProperties as JsonSchema, defs)}`)
  return parts.join('; ')
}

const exampleOf = (s: JsonSchema, defs: Defs): string => {
  const own = Array.isArray(s.examples) ? s.examples : s.type === 'array' ? resolve((s.items ?? {}) as JsonSchema, defs).examples : undefined
  return Array.isArray(own) && own.length ? own.map(code).join(', ') : ''
}

const descriptionOf = (key: string, s: JsonSchema): string => {
  if (typeof s.description !== 'string' || s.description === '') throw new Error(`inventory schema: ${key} has no description`)
  return s.description
}

/** The rows of `schema` and everything below it; `key` is the dotted path (`hosts[].ssh.port`). */
function walk(key: string, raw: JsonSchema, required: boolean, defs: Defs, rows: Row[]): void {
  const s = resolve(raw, defs)
  rows.push({key, type: typeOf(s, defs), required, allowed: allowedOf(s, defs), description: descriptionOf(key, s), example: exampleOf(s, defs)})
  const body = s.type === 'array' ? resolve((s.items ?? {}) as JsonSchema, defs) : s
  const prefix = s.type === 'array' ? `${key}[]` : key
  if (Array.isArray(body.oneOf)) return walkVariants(prefix, body, defs, rows)
  walkProperties(prefix, body, defs, rows)
}

function walkProperties(prefix: string, s: JsonSchema, defs: Defs, rows: Row[]): void {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>
  const required = (s.required ?? []) as string[]
  for (const [name, child] of Object.entries(properties)) walk(`${prefix}.${name}`, child, required.includes(name), defs, rows)
}

/** A discriminated oneOf: keys every variant shares once, the others marked with the variants that have them. */
function walkVariants(prefix: string, s: JsonSchema, defs: Defs, rows: Row[]): void {
  const tag = (s.discriminator as {propertyName: string}).propertyName
  const variants = (s.oneOf as JsonSchema[]).map((v) => {
    const vrows: Row[] = []
    walkProperties(prefix, v, defs, vrows)
    const t = (v.properties as Record<string, JsonSchema>)[tag] as JsonSchema
    return {name: String(t.const), about: `\`${String(t.const)}\`: ${descriptionOf(`${prefix}.${tag}`, t)}`, rows: vrows}
  })
  const tagDescription = `which kind this is (${variants.map((v) => v.about).join('; ')}); it decides which of the keys below apply`
  const merged = new Map<string, {row: Row; variants: string[]}>()
  for (const v of variants) {
    for (const r of v.rows) {
      const id = r.key === `${prefix}.${tag}` ? r.key : JSON.stringify(r)
      const seen = merged.get(id)
      if (seen) {
        seen.variants.push(v.name)
        if (r.key === `${prefix}.${tag}`) seen.row = {...seen.row, allowed: `${seen.row.allowed}, ${r.allowed}`}
      } else merged.set(id, {row: r.key === `${prefix}.${tag}` ? {...r, description: tagDescription} : r, variants: [v.name]})
    }
  }
  for (const {row, variants: have} of merged.values()) {
    const only = have.length === variants.length ? '' : `(${tag} ${have.join(', ')}) `
    rows.push({...row, description: `${only}${row.description}`})
  }
}

const table = (rows: Row[]): string[] => [
  '| key | type | required | allowed values | description | example |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| \`${r.key}\` | ${r.type} | ${r.required ? 'yes' : 'no'} | ${cell(r.allowed)} | ${cell(r.description)} | ${cell(r.example)} |`),
]

const FILES: {kind: 'site' | 'hosts' | 'agency'; path: string; about: string}[] = [
  {kind: 'site', path: 'inventory/site.yaml', about: 'the site, its networks, how Terraform runs, backup policies, VM base images'},
  {kind: 'hosts', path: 'inventory/hosts.yaml', about: 'the machines kotadc manages (or several files under `inventory/hosts/`)'},
  {kind: 'agency', path: 'inventory/agencies/<code>.yaml', about: 'one agency and its workloads'},
]

const rowsOf = (kind: 'site' | 'hosts' | 'agency' | 'overlay'): {keys: string[]; rows: Row[]} => {
  const s = jsonSchemaFor(kind) as JsonSchema
  const defs = s.definitions as Defs
  const rows: Row[] = []
  const required = (s.required ?? []) as string[]
  const properties = s.properties as Record<string, JsonSchema>
  for (const [name, child] of Object.entries(properties)) walk(name, child, required.includes(name), defs, rows)
  return {keys: Object.keys(properties), rows}
}

/** docs/inventory.md: every key of every inventory file, with its type, allowed values and meaning. */
export function renderInventoryDoc(): string {
  const out = [
    '# Inventory reference (schema version 1)',
    '',
    '<!-- Generated from src/inventory/schema.ts by `npm run docs`; do not edit by hand (a test compares it with the schema). -->',
    '',
    'The inventory is the versioned YAML under `inventory/` that every kotadc command reads. This page lists every key',
    'kotadc accepts. It is generated from the JSON Schema that `kotadc inventory schema` prints (point',
    '`# yaml-language-server: $schema=...` at it for completion in editors), and the validator enforces the same',
    'schema, so what is written here is what `kotadc validate` checks.',
    '',
    '## Files',
    '',
    '| file | holds | keys |',
    '| --- | --- | --- |',
    ...FILES.map((f) => `| \`${f.path}\` | ${f.about} | ${rowsOf(f.kind).keys.map((k) => `\`${k}\``).join(', ')} |`),
    '| `inventory/secrets.age` (optional) | age-encrypted YAML map of secret name → value, decrypted with `KOTADC_AGE_IDENTITY`; `KOTADC_SECRET_<NAME>` overrides a value | |',
    '| `inventory/DEMO-age-identity.txt` (example only) | the example\'s public DEMO age identity, used for `secrets.age` only while `KOTADC_AGE_IDENTITY` is unset (with a banner); a real site deletes it | |',
    `| \`inventory/envs/<env>.yaml\` (optional) | an overlay, selected with \`--env <env>\` | ${rowsOf('overlay').keys.map((k) => `\`${k}\``).join(', ')} |`,
    '',
    'Keys in `key` columns are paths: `hosts[].ssh.port` is `port` under `ssh` in an entry of the `hosts` list.',
    'A key not listed here is rejected (`INVENTORY_UNKNOWN_KEY`).',
  ]
  for (const f of FILES) out.push('', `## ${f.path}`, '', ...table(rowsOf(f.kind).rows))
  out.push(
    '',
    '## Overlays: inventory/envs/<env>.yaml',
    '',
    'An overlay has the keys of the other files. List entries (networks, backup policies, hosts, workloads) are picked',
    'by `name`; mappings are merged key by key, and any other value (a list such as `roles` too) replaces the base',
    'value. Nothing is required except the `name` that picks an entry, and an overlay cannot add an entry the base',
    'inventory lacks (`INVENTORY_OVERLAY_UNKNOWN_TARGET`).',
    '',
    '## Images and VMs',
    '',
    'A `kind: vm` workload names an `image` from `images:` in site.yaml (`INVENTORY_UNKNOWN_REFERENCE` otherwise). The',
    "image's `source` is a file on the machine running kotadc: the vms phase checks its sha256, puts it once into each",
    'hypervisor pool (`kotadc`) whose VMs need it, and never uploads a copy that is already there with the right sum; a',
    'copy with another sum is refused (`VM_IMAGE_MISMATCH`), never replaced, because VM disks are backed by it. A new',
    'image version is a new `file` name. Each VM gets a qcow2 disk of `diskGiB` backed by its image (a larger',
    '`diskGiB` grows it; a smaller one is refused, `VM_DISK_SHRINK`), its SSH host key generated by kotadc into',
    '`secrets.age` as `KOTADC_VM_<NAME>_SSH_HOST_KEY`, and a cloud-init NoCloud seed with the address and the',
    'network\'s gateway, the site\'s DNS hosts, the login user with kotadc\'s key and the admins\' keys. A VM is a host:',
    '`run`, `exec`, `hosts ping`, `--limit NAME` and `agency:CODE` reach it at its `address`, pinned to that key, and',
    'its backup `paths` are backed up from inside it. A hypervisor\'s `vars.vmVirtType` forces `kvm` or `qemu` (TCG).',
    '',
    '## What validation checks beyond the keys',
    '',
    'Each problem is reported with its code, `file:line:col`, the key path, what is wrong and how to fix it; all',
    'problems at once, sorted by file and line. The codes are described in [errors.md](errors.md).',
    '',
    ...Object.entries(inventoryCodes)
      .filter(([, info]) => 'issue' in info)
      .map(([c, info]) => `- \`${c}\`${'warning' in info ? ' (warning)' : ''}: ${info.meaning}`),
  )
  return out.join('\n') + '\n'
}
