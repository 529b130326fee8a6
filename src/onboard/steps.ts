import {suggestAll} from '../errors/did-you-mean.js'
import {onboardErrors} from '../errors/onboard.js'
import type {Inventory} from '../inventory/model.js'
import {secretKey} from '../inventory/validate/exposure.js'
import {FORMATS} from '../inventory/validate/formats.js'
import {parseIpv4} from '../inventory/validate/ipv4.js'
import {backupPolicy, checkPort, defaultDomain, freeAddress, freePort, placeContainer, placeDatabase, placeVm, vmNetwork} from './allocate.js'
import {reserveContainer, reserveDatabase, reserveVm, type Occupancy} from './occupancy.js'
import type {TemplateValue, WorkloadTemplate} from './template.js'

/**
 * The values of one workload, in the order they are decided: each step computes its default from the values decided
 * before it (the port from the host) and checks a value given by flag, request file or prompt. The command layer
 * walks the steps: a given value is checked, a missing one is asked for on a terminal (default shown) or defaulted.
 */
export interface Step {
  key: string
  /** What is asked: `docker host`, `published port`... */
  describe: string
  /** The flag that gives it. */
  flag: string
  /** Undefined when there is no default: the value must be given. */
  compute(vars: Readonly<Record<string, TemplateValue>>): TemplateValue | undefined
  /** The value to use, or throws ONBOARD_VALUE_INVALID (a prompt asks again). */
  check(raw: string | number, vars: Readonly<Record<string, TemplateValue>>): TemplateValue
}

/** A value checked against an inventory format (or `integer`/`number`), explained the way `validate` explains it. */
export const formatCheck = (what: string, format: string | undefined, raw: string | number): TemplateValue => {
  const text = String(raw).trim()
  if (format === 'integer' || format === 'number') {
    const n = Number(text)
    if (text === '' || !Number.isFinite(n) || n <= 0 || (format === 'integer' && !Number.isInteger(n)))
      throw onboardErrors.valueInvalid(what, text, `a positive ${format === 'integer' ? 'whole ' : ''}number is needed`)
    return n
  }
  if (text === '') throw onboardErrors.valueInvalid(what, text, 'it is empty')
  const problem = format ? FORMATS[format]?.check(text) : undefined
  if (problem) throw onboardErrors.valueInvalid(what, text, `${problem.message}; ${problem.hint}`)
  return text
}

const num = (v: TemplateValue | undefined): number => Number(v ?? 0)

function vmImage(images: readonly string[], name: string): string {
  if (images.includes(name)) return name
  const near = suggestAll(name, images)
  throw onboardErrors.valueInvalid(
    'VM image',
    name,
    `the site has no such image in site.yaml images: (${near.length ? `did you mean ${near.join(' or ')}?` : `one of: ${images.join(', ') || 'none'}`})`,
  )
}

export function workloadSteps(inv: Inventory, occ: Occupancy, t: WorkloadTemplate, name: string): Step[] {
  const images = inv.images.map((i) => i.name)
  const steps: Step[] = Object.entries(t.inputs).map(([key, input]) => ({
    key,
    describe: input.describe,
    flag: key === 'image' ? '--image' : `--set ${key}=VALUE`,
    // A VM boots from one of the site's own images (site.yaml `images:`): the template's choice when the site has it.
    compute: () => (input.format !== 'vm-image' || images.includes(String(input.default)) ? input.default : images[0]),
    check: (raw) => (input.format === 'vm-image' ? vmImage(images, String(raw).trim()) : formatCheck(input.describe, input.format, raw)),
  }))
  if (t.uses.has('dockerHost')) {
    steps.push(
      {
        key: 'host',
        describe: 'docker host',
        flag: '--host',
        compute: () => placeContainer(inv, occ, {}).host,
        check: (raw) => placeContainer(inv, occ, {host: String(raw)}).host,
      },
      {
        key: 'port',
        describe: 'published port',
        flag: '--port',
        compute: (v) => freePort(occ, String(v.host)),
        check: (raw, v) => checkPort(occ, String(v.host), Number(formatCheck('port', 'integer', raw))),
      },
    )
  }
  if (t.uses.has('dbHost')) {
    steps.push({
      key: 'dbHost',
      describe: 'database host',
      flag: '--db-host',
      compute: () => placeDatabase(inv, occ),
      check: (raw) => placeDatabase(inv, occ, String(raw)),
    })
  }
  if (t.uses.has('hypervisor')) {
    const demand = (v: Readonly<Record<string, TemplateValue>>): number[] => [num(v.cpus), num(v.memoryGiB), num(v.diskGiB)]
    steps.push({
      key: 'host',
      describe: 'hypervisor',
      flag: '--host',
      compute: (v) => placeVm(inv, occ, demand(v)),
      check: (raw, v) => placeVm(inv, occ, demand(v), String(raw)),
    })
  }
  if (t.uses.has('address')) {
    steps.push(
      {key: 'network', describe: 'network of the VM', flag: '--network', compute: () => vmNetwork(inv), check: (raw) => vmNetwork(inv, String(raw))},
      {
        key: 'address',
        describe: 'address of the VM',
        flag: '--address',
        compute: (v) => freeAddress(inv, occ, String(v.network)),
        check: (raw, v) => freeAddress(inv, occ, String(v.network), String(raw).trim()),
      },
    )
  }
  if (t.uses.has('domain')) {
    steps.push({
      key: 'domain',
      describe: 'domain',
      flag: '--domain',
      compute: () => defaultDomain(inv, name),
      check: (raw) => {
        const d = String(formatCheck('domain', 'domain', raw))
        const taken = inv.workloads.find((w) => 'domain' in w && w.domain === d)
        if (taken) throw onboardErrors.valueInvalid('domain', d, `workload ${taken.agency}/${taken.name} already serves it`)
        return d
      },
    })
  }
  if (t.uses.has('policy')) {
    steps.push({
      key: 'policy',
      describe: 'backup policy',
      flag: '--policy',
      compute: () => backupPolicy(inv),
      check: (raw) => backupPolicy(inv, String(raw).trim()) as string,
    })
  }
  return steps
}

/** Values every template may use without asking: names derived from the workload, the agency and the site. */
export const fixedVars = (inv: Inventory, agency: string, name: string): Record<string, TemplateValue> => ({
  name,
  agency,
  timezone: inv.site.timezone,
  siteDomain: inv.site.domain,
  // The prefix the workload's secrets must carry (README: Secrets): its own name in UPPER_SNAKE.
  SECRET: secretKey(name),
  database: name.replace(/-/g, '_'),
})

/** The template's placeholder names for the decided values (`host` is the docker host or the hypervisor). */
export function templateVars(t: WorkloadTemplate, decided: Readonly<Record<string, TemplateValue>>): Record<string, TemplateValue> {
  const out: Record<string, TemplateValue> = {...decided}
  if (t.uses.has('dockerHost') && decided.host !== undefined) out.dockerHost = decided.host
  if (t.uses.has('hypervisor') && decided.host !== undefined) out.hypervisor = decided.host
  return out
}

/** Marks what the workload takes, so the next workload of the same request gets another port or address. */
export function reserveWorkload(occ: Occupancy, t: WorkloadTemplate, v: Readonly<Record<string, TemplateValue>>): void {
  if (t.uses.has('dockerHost')) reserveContainer(occ, String(v.host), Number(v.port))
  if (t.uses.has('dbHost')) reserveDatabase(occ, String(v.dbHost))
  if (t.uses.has('hypervisor')) reserveVm(occ, String(v.host), [num(v.cpus), num(v.memoryGiB), num(v.diskGiB)])
  if (t.uses.has('address')) {
    const a = parseIpv4(String(v.address))
    if (a !== undefined) occ.addresses.add(a)
  }
}
