import {isMap, isSeq, LineCounter, parseDocument, type Node} from 'yaml'
import {onboardErrors} from '../errors/onboard.js'
import type {Contact} from '../inventory/model.js'
import type {TemplateValue} from './template.js'

/**
 * An agency's request form (`--from-file request.yaml`, docs/onboarding.md): who the agency is and which workloads it
 * wants, each from a template, with whatever values it already knows. Anything left out is computed (host, port,
 * domain, address, backup policy) or, on a terminal, asked for.
 */
export interface WorkloadRequest {
  name: string
  template?: string
  /** host, port, domain, network, address, dbHost, policy and the template's own inputs (image, cpus...). */
  values: Record<string, TemplateValue>
}

export interface AgencyRequest {
  code: string
  name?: string
  contact?: Contact
}

export interface OnboardRequest {
  agency?: AgencyRequest
  workloads: WorkloadRequest[]
}

const AGENCY_KEYS = ['code', 'name', 'contact']
const CONTACT_KEYS = ['name', 'email', 'phone']
const VALUE_KEY = /^[a-z][A-Za-z0-9]{0,40}$/

export function parseRequest(file: string, text: string): OnboardRequest {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true})
  const fail = (reason: string, node?: unknown): never => {
    const offset = (node as Node | undefined)?.range?.[0] ?? 0
    throw onboardErrors.requestInvalid(file, reason, lineCounter.linePos(offset).line)
  }
  const first = doc.errors[0]
  if (first) throw onboardErrors.requestInvalid(file, first.message.split('\n')[0] ?? first.code, lineCounter.linePos(first.pos[0]).line)
  if (!isMap(doc.contents)) return fail('the top level is not a mapping')
  for (const p of doc.contents.items) {
    const k = (p.key as {value?: unknown}).value
    if (k !== 'agency' && k !== 'workloads') fail(`unknown key ${String(k)} (a request has agency and workloads)`, p.key)
  }
  const text1 = (v: unknown, what: string, node: unknown): string => (typeof v === 'string' && v.trim() ? v : fail(`${what} is not a text`, node))

  let agency: AgencyRequest | undefined
  const a = doc.get('agency', true)
  if (a !== undefined) {
    if (!isMap(a)) return fail('agency is not a mapping', a)
    for (const p of a.items)
      if (!AGENCY_KEYS.includes(String((p.key as {value?: unknown}).value)))
        fail(`unknown key agency.${String((p.key as {value?: unknown}).value)}`, p.key)
    agency = {code: text1(a.get('code'), 'agency.code', a)}
    if (a.has('name')) agency.name = text1(a.get('name'), 'agency.name', a.get('name', true))
    const c = a.get('contact', true)
    if (c !== undefined) {
      if (!isMap(c)) return fail('agency.contact is not a mapping', c)
      for (const p of c.items)
        if (!CONTACT_KEYS.includes(String((p.key as {value?: unknown}).value)))
          fail(`unknown key agency.contact.${String((p.key as {value?: unknown}).value)}`, p.key)
      const contact: Contact = {name: text1(c.get('name'), 'agency.contact.name', c)}
      if (c.has('email')) contact.email = text1(c.get('email'), 'agency.contact.email', c.get('email', true))
      if (c.has('phone')) contact.phone = text1(String(c.get('phone')), 'agency.contact.phone', c.get('phone', true))
      agency.contact = contact
    }
  }

  const workloads: WorkloadRequest[] = []
  const list = doc.get('workloads', true)
  if (list !== undefined && !isSeq(list)) fail('workloads is not a list', list)
  for (const item of isSeq(list) ? list.items : []) {
    if (!isMap(item)) return fail('a workload request is not a mapping', item)
    const w: WorkloadRequest = {name: text1(item.get('name'), 'workload name', item), values: {}}
    for (const p of item.items) {
      const key = String((p.key as {value?: unknown}).value)
      const v = (p.value as {value?: unknown} | null)?.value
      if (key === 'name') continue
      if (key === 'template') w.template = text1(v, 'template', p.value)
      else if (!VALUE_KEY.test(key)) fail(`${key} is not a value name`, p.key)
      else if (typeof v === 'string' || typeof v === 'number') w.values[key] = v
      else fail(`${w.name}.${key} is not a single text or number`, p.value)
    }
    workloads.push(w)
  }
  if (!agency && workloads.length === 0) fail('the request names no agency and no workload')
  return {...(agency ? {agency} : {}), workloads}
}

/** `agency add`: the agency from arguments and flags, anything not given from the request file; every workload the file lists. */
export function agencyAddRequest(
  file: OnboardRequest | undefined,
  given: {code?: string; name?: string; contact?: Record<string, string | undefined>},
): OnboardRequest {
  const code = given.code ?? file?.agency?.code
  if (code === undefined) throw onboardErrors.valueMissing('agency code', 'the CODE argument, or agency.code in the request file')
  const contact = {
    ...file?.agency?.contact,
    ...Object.fromEntries(Object.entries(given.contact ?? {}).filter(([, v]) => v !== undefined)),
  } as Partial<Contact>
  const name = given.name ?? file?.agency?.name
  if (!contact.name && (contact.email || contact.phone))
    throw onboardErrors.valueMissing('contact name (an email or phone was given)', '--contact-name')
  return {
    agency: {code, ...(name === undefined ? {} : {name}), ...(contact.name ? {contact: contact as Contact} : {})},
    workloads: file?.workloads ?? [],
  }
}

/** `workload add`: one workload, flags over the request file's entry of that name (or its only entry). */
export function workloadAddRequest(
  file: OnboardRequest | undefined,
  given: {agency?: string | undefined; name?: string | undefined; template?: string | undefined; values: Record<string, TemplateValue | undefined>},
): OnboardRequest {
  const code = given.agency ?? file?.agency?.code
  if (code === undefined) throw onboardErrors.valueMissing('agency code', 'the AGENCY argument, or agency.code in the request file')
  const listed = file?.workloads ?? []
  const name = given.name ?? (listed.length === 1 ? listed[0]?.name : undefined)
  if (name === undefined) throw onboardErrors.valueMissing('workload name', 'the NAME argument (the request file lists several workloads)')
  const fromFile = listed.find((w) => w.name === name)
  const values = {...fromFile?.values}
  for (const [k, v] of Object.entries(given.values)) if (v !== undefined) values[k] = v
  const template = given.template ?? fromFile?.template
  return {agency: {code}, workloads: [{name, ...(template === undefined ? {} : {template}), values}]}
}
