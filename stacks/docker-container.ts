import type {ContainerWorkload, Healthcheck} from '../src/inventory/model.js'
import {secretVariableName} from './secret-variables.js'
import {terraformLiteral, terraformLiterals} from './terraform-literal.js'

/** Docker's own healthcheck forms; anything else is an exec-form command and gets `CMD` in front. */
const HEALTHCHECK_FORMS = new Set(['CMD', 'CMD-SHELL', 'NONE'])

/**
 * `KEY=value` entries, sorted so the synthesized JSON does not depend on YAML key order.
 * A secret's value is a reference to its sensitive variable; a plain entry of the same name loses.
 */
export function containerEnv(w: ContainerWorkload): string[] {
  const entries = new Map<string, string>()
  for (const [key, value] of Object.entries(w.env)) entries.set(terraformLiteral(key), terraformLiteral(value))
  // The only live expression: the stack's own sensitive variable, named from a validated secret name.
  for (const secret of w.secrets) entries.set(terraformLiteral(secret), `\${var.${secretVariableName(secret)}}`)
  return [...entries.keys()].sort().map((key) => `${key}=${entries.get(key)}`)
}

export interface DockerHealthcheck {
  test: string[]
  interval?: string
  timeout?: string
  retries?: number
}

export function containerHealthcheck(h: Healthcheck): DockerHealthcheck {
  const first = h.command[0]
  const command = terraformLiterals(h.command)
  const test = first !== undefined && HEALTHCHECK_FORMS.has(first) ? command : ['CMD', ...command]
  return {
    test,
    ...(h.intervalSeconds === undefined ? {} : {interval: `${h.intervalSeconds}s`}),
    ...(h.timeoutSeconds === undefined ? {} : {timeout: `${h.timeoutSeconds}s`}),
    ...(h.retries === undefined ? {} : {retries: h.retries}),
  }
}

/** Labels on everything kotadc creates, so `docker ps --filter label=kotadc.agency=...` finds an agency's objects. */
export const kotadcLabels = (agency: string, workload?: string): Array<{label: string; value: string}> => [
  {label: 'kotadc.agency', value: terraformLiteral(agency)},
  ...(workload === undefined ? [] : [{label: 'kotadc.workload', value: terraformLiteral(workload)}]),
]

/** Construct id for an image reference; refs can hold `/`, `:` and `@`, which ids should not. */
export const imageConstructId = (ref: string): string => `image-${ref.replace(/[^A-Za-z0-9_-]+/g, '-')}`
