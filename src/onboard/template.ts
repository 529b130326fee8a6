import {Document, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type YAMLSeq} from 'yaml'
import {onboardErrors} from '../errors/onboard.js'

/**
 * A workload template (templates/workloads/NAME.yaml): workload entries with `{{ placeholders }}` that onboarding
 * fills in. Which placeholders a template uses decides what is allocated: `dockerHost` places a container (and
 * `port` is then a free published port on it), `dbHost` a database, `hypervisor` a VM and `address` an address in
 * `network`. A scalar that is exactly one placeholder takes the value's type (a port stays a number).
 */
export type TemplateValue = string | number

export interface TemplateInput {
  /** Shown when the value is asked for on a terminal. */
  describe: string
  default?: TemplateValue
  /** `integer`, `number`, `vm-image` (a site image), or an inventory string format (`image-ref`, `domain`...) an answer must match. */
  format?: string
}

export interface WorkloadTemplate {
  name: string
  file: string
  description: string
  /** Values the person gives (image, VM size...), with the template's default when it has one. */
  inputs: Record<string, TemplateInput>
  /** Names of the secrets the workloads read, with placeholders: generated when onboarded. */
  secrets: string[]
  /** Every placeholder the template uses. */
  uses: Set<string>
  workloads: YAMLSeq
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g
const ONLY = /^\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}$/

export function parseTemplate(name: string, file: string, text: string): WorkloadTemplate {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, prettyErrors: false})
  const bad = (reason: string, offset = 0): never => {
    throw onboardErrors.templateInvalid(file, reason, lineCounter.linePos(offset).line)
  }
  const first = doc.errors[0]
  if (first) bad(first.message.split('\n')[0] ?? first.code, first.pos[0])
  if (!isMap(doc.contents)) bad('the top level is not a mapping')
  const description = doc.get('description')
  if (typeof description !== 'string' || !description) bad('`description` is missing')
  const workloads = doc.get('workloads', true)
  if (!isSeq(workloads) || workloads.items.length === 0) bad('`workloads` is not a non-empty list')
  const inputs: Record<string, TemplateInput> = {}
  const rawInputs = doc.get('inputs', true)
  if (rawInputs !== undefined && !isMap(rawInputs)) bad('`inputs` is not a mapping', (rawInputs as Node | undefined)?.range?.[0])
  for (const [k, v] of Object.entries((doc.toJS() as {inputs?: Record<string, unknown>}).inputs ?? {})) {
    const spec = (v ?? {}) as {describe?: unknown; default?: unknown; format?: unknown}
    if (typeof spec.describe !== 'string') bad(`inputs.${k} needs a \`describe\` text`)
    if (spec.format !== undefined && typeof spec.format !== 'string') bad(`inputs.${k}.format is not a text`)
    const d = spec.default
    if (d !== undefined && typeof d !== 'string' && typeof d !== 'number') bad(`inputs.${k}.default is not a string or number`)
    inputs[k] = {
      describe: spec.describe as string,
      ...(d === undefined ? {} : {default: d as TemplateValue}),
      ...(typeof spec.format === 'string' ? {format: spec.format} : {}),
    }
  }
  const secrets = doc.get('secrets')
  const secretList = secrets === undefined ? [] : (doc.toJS() as {secrets: unknown}).secrets
  if (!Array.isArray(secretList) || !secretList.every((s) => typeof s === 'string')) bad('`secrets` is not a list of names')
  // Placeholders in the values, not in comments: a header may explain `{{ placeholder }}` without using it.
  const uses = new Set<string>()
  for (const part of [workloads, doc.get('secrets', true)]) {
    visit(part as Node, {
      Scalar: (_k, n) => {
        if (typeof n.value === 'string') for (const m of n.value.matchAll(PLACEHOLDER)) uses.add(m[1] as string)
      },
    })
  }
  return {name, file, description: description as string, inputs, secrets: secretList as string[], uses, workloads: workloads as YAMLSeq}
}

const fill = (t: WorkloadTemplate, text: string, vars: Readonly<Record<string, TemplateValue>>): string =>
  text.replace(PLACEHOLDER, (_, k: string) => {
    const v = vars[k]
    if (v === undefined)
      throw onboardErrors.templateInvalid(t.file, `placeholder {{ ${k} }} has no value (known: ${Object.keys(vars).sort().join(', ')})`)
    return String(v)
  })

export interface RenderedWorkloads {
  /** The workload entries as YAML text of a block list (`- name: ...`), not indented. */
  text: string
  /** Plain values of the entries (for tests and the result). */
  entries: Record<string, unknown>[]
  secrets: string[]
}

/**
 * The template's workloads with every placeholder filled. Without a backup policy (a site with none), `backup`
 * keys are left out rather than naming a policy that does not exist.
 */
export function renderTemplate(t: WorkloadTemplate, vars: Readonly<Record<string, TemplateValue>>, opts: {backup: boolean}): RenderedWorkloads {
  const seq = t.workloads.clone() as YAMLSeq
  visit(seq, {
    Scalar: (_key, node) => {
      if (typeof node.value !== 'string') return
      const only = ONLY.exec(node.value)
      node.value = only ? (vars[only[1] as string] ?? fill(t, node.value, vars)) : fill(t, node.value, vars)
      // The template's quotes were for the placeholder; the filled value is quoted only where YAML needs it.
      delete node.type
    },
    Pair: (_key, pair) => (!opts.backup && isScalar(pair.key) && pair.key.value === 'backup' ? visit.REMOVE : undefined),
  })
  const out = new Document(seq)
  const text = out.toString({lineWidth: 0, flowCollectionPadding: true})
  return {text, entries: out.toJS() as Record<string, unknown>[], secrets: t.secrets.map((s) => fill(t, s, vars))}
}
