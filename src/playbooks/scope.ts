import type {Host, Inventory} from '../inventory/model.js'
import {Secret, SECRET_MASK} from '../inventory/secret.js'
import {variablesFor} from './variables.js'

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype

// Expressions never see a secret's value: the parser refuses reads of secret vars, and the value is not even here.
const withoutSecrets = (v: unknown): unknown =>
  v instanceof Secret
    ? SECRET_MASK
    : Array.isArray(v)
      ? v.map(withoutSecrets)
      : isPlain(v)
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutSecrets(x)]))
        : v

/** What an expression sees on a host before facts: playbook vars at top level, then host, site and workloads. */
export function maskedScope(inv: Inventory, host: Host, vars: Record<string, unknown>): Record<string, unknown> {
  const v = variablesFor(inv, host, {vars})
  return {...(withoutSecrets(vars) as Record<string, unknown>), host: v.host, site: v.site, workloads: v.workloads}
}
