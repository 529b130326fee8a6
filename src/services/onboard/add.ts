import path from 'node:path'
import {onboardErrors} from '../../errors/onboard.js'
import type {Contact, Inventory} from '../../inventory/model.js'
import {newAgencyText} from '../../onboard/agency-doc.js'
import {occupancyOf} from '../../onboard/occupancy.js'
import type {AgencyRequest, OnboardRequest, WorkloadRequest} from '../../onboard/request.js'
import {fixedVars, formatCheck, reserveWorkload, templateVars, workloadSteps} from '../../onboard/steps.js'
import {renderTemplate, type TemplateValue} from '../../onboard/template.js'
import {repoRootOf} from '../run-playbook.js'
import {decide, decideText, type Asker} from './decide.js'
import {loadTemplate, templateNames} from './templates.js'
import {writeOnboarding, type SecretOutcome} from './write.js'

/** What kind of change the command makes to the agency: `agency add` creates it, `workload add` needs it. */
export type AgencyMode = 'create' | 'existing' | 'either'

export interface OnboardOptions {
  cwd: string
  environ: Record<string, string | undefined>
  agencyMode: AgencyMode
  /** A terminal to ask on; without one every value comes from the request, flags or computed defaults. */
  asker?: Asker
  /** Asks before writing on a terminal, refuses without --yes otherwise (cli/confirm.ts). */
  confirm: (question: string) => Promise<void>
  /** Runs the write under the site lock (secrets.age is read, changed and rewritten); questions are asked before it. */
  underLock: <R>(fn: () => Promise<R>) => Promise<R>
}

export interface OnboardedWorkload {
  name: string
  template: string
  /** Every value decided, given or computed; never a secret. */
  values: Record<string, TemplateValue>
  /** Keys whose value kotadc computed (not given). */
  computed: string[]
  /** The inventory entries written (a web-app is a container and its database). */
  entries: string[]
}

/** The `--json` contract of `agency add`, `workload add` and `onboard`: what was written, never a secret value. */
export interface OnboardResult {
  agency: string
  agencyCreated: boolean
  file: string
  workloads: OnboardedWorkload[]
  secrets: SecretOutcome[]
  secretsFile: string | null
}

const checkFormat =
  (what: string, format: string) =>
  (v: string): string =>
    String(formatCheck(what, format, v))

async function decideAgency(inv: Inventory, req: AgencyRequest, opts: OnboardOptions): Promise<{code: string; text?: string}> {
  const code = checkFormat('agency code', 'dns-label')(req.code)
  const existing = inv.agencies.find((a) => a.code === code)
  if (existing && opts.agencyMode === 'create') throw onboardErrors.agencyExists(code, existing.at)
  if (existing) return {code}
  if (opts.agencyMode === 'existing') {
    const known = inv.agencies.map((a) => a.code)
    throw onboardErrors.agencyUnknown(code, `agencies: ${known.join(', ') || 'none'}`)
  }
  const name = await decideText('agency name (e.g. Dinas Pariwisata)', '--name', req.name, checkFormat('agency name', 'line'), opts.asker)
  let contact: Contact | undefined = req.contact
  if (!contact && opts.asker) {
    const who = (await opts.asker.ask('contact person (empty: none)', '')).trim()
    if (who) {
      const email = (await opts.asker.ask('contact email (empty: none)', '')).trim()
      contact = {name: checkFormat('contact name', 'line')(who), ...(email ? {email: checkFormat('contact email', 'email')(email)} : {})}
    }
  }
  return {code, text: newAgencyText({code, name, ...(contact ? {contact} : {})})}
}

async function decideWorkload(
  inv: Inventory,
  occ: ReturnType<typeof occupancyOf>,
  agency: string,
  req: WorkloadRequest,
  taken: Set<string>,
  opts: OnboardOptions,
): Promise<{done: OnboardedWorkload; text: string; secrets: string[]}> {
  const name = checkFormat('workload name', 'dns-label')(req.name)
  const clash = inv.workloads.find((w) => w.name === name)
  if (clash) throw onboardErrors.workloadExists(name, clash.at)
  const root = repoRootOf(inv, opts.cwd)
  const known = await templateNames(root)
  const isTemplate = (v: string): string => {
    if (!known.includes(v)) throw onboardErrors.templateUnknown(v, known, '')
    return v
  }
  const templateName = await decideText(`template (${known.join(', ')})`, '--from', req.template, isTemplate, opts.asker)
  const t = await loadTemplate(root, templateName, opts.cwd)
  const steps = workloadSteps(inv, occ, t, name)
  const allowed = new Set(steps.map((s) => s.key))
  for (const k of Object.keys(req.values)) {
    if (!allowed.has(k)) throw onboardErrors.valueInvalid('value', k, `template ${t.name} takes no value ${k}; it takes ${[...allowed].join(', ')}`)
  }
  const values: Record<string, TemplateValue> = {}
  const computed: string[] = []
  for (const step of steps) {
    const d = await decide(step, req.values[step.key], values, opts.asker)
    values[step.key] = d.value
    if (d.computed) computed.push(step.key)
  }
  const vars = {...fixedVars(inv, agency, name), ...templateVars(t, values)}
  const rendered = renderTemplate(t, vars, {backup: !t.uses.has('policy') || values.policy !== undefined})
  const entries = rendered.entries.map((e) => String(e.name))
  for (const e of entries) {
    const other = inv.workloads.find((w) => w.name === e)
    if (other) throw onboardErrors.workloadExists(e, other.at)
    if (taken.has(e)) throw onboardErrors.valueInvalid('workload name', e, 'the request names it twice')
    taken.add(e)
  }
  reserveWorkload(occ, t, values)
  return {done: {name, template: t.name, values, computed, entries}, text: rendered.text, secrets: rendered.secrets}
}

/**
 * Onboards what the request asks for into agencies/CODE.yaml: a new agency and/or workloads from templates, with
 * hosts, ports, addresses, domains and backup policies allocated and new random secrets generated. The whole
 * inventory is validated with the new file before anything is written.
 */
export async function onboard(inv: Inventory, request: OnboardRequest, opts: OnboardOptions): Promise<OnboardResult> {
  if (!request.agency) throw onboardErrors.valueMissing('agency', 'the agency code (argument, or agency.code in the request file)')
  const agency = await decideAgency(inv, request.agency, opts)
  const root = path.resolve(opts.cwd, inv.root)
  const existingFile = inv.agencies.find((a) => a.code === agency.code)?.at.file
  const file = existingFile ? path.resolve(opts.cwd, existingFile) : path.join(root, 'agencies', `${agency.code}.yaml`)
  const occ = occupancyOf(inv)
  const taken = new Set<string>()
  const workloads: OnboardedWorkload[] = []
  const blocks: string[] = []
  const secrets: string[] = []
  for (const w of request.workloads) {
    const r = await decideWorkload(inv, occ, agency.code, w, taken, opts)
    workloads.push(r.done)
    blocks.push(r.text)
    secrets.push(...r.secrets)
  }
  const written = await opts.underLock(() => writeOnboarding(inv, {file, base: agency.text, blocks, secrets}, opts))
  return {
    agency: agency.code,
    agencyCreated: agency.text !== undefined,
    file: path.relative(opts.cwd, file) || file,
    workloads,
    secrets: written.secrets,
    secretsFile: written.secretsFile,
  }
}
