import type {SourceLocation} from '../errors/ops-error.js'
import type {Host, Inventory} from '../inventory/model.js'
import {ROLES} from '../inventory/model.js'
import {playbookErrors} from '../errors/playbook.js'
import {targetHosts, vmOfHost} from '../vms/hosts.js'
import {hostKeySecret} from '../vms/conventions.js'
import {vmErrors} from '../errors/vms.js'

/** One parsed target expression. */
export type Target = {kind: 'all'} | {kind: 'host'; name: string} | {kind: 'role'; role: string} | {kind: 'agency'; code: string}

const LABEL = /^[a-z][a-z0-9-]{0,62}$/

/** Parses `all`, `<host>`, `role:<role>` or `agency:<code>`; anything else is PLAYBOOK_TARGET_INVALID. */
export function parseTarget(expr: string, location?: SourceLocation): Target {
  const e = expr.trim()
  if (e === 'all') return {kind: 'all'}
  const m = /^(role|agency):(.*)$/.exec(e)
  if (m) {
    const value = m[2] ?? ''
    if (!LABEL.test(value)) throw playbookErrors.targetInvalid(expr, location)
    return m[1] === 'role' ? {kind: 'role', role: value} : {kind: 'agency', code: value}
  }
  if (!LABEL.test(e)) throw playbookErrors.targetInvalid(expr, location)
  return {kind: 'host', name: e}
}

/** Hosts that carry a workload of the agency: container and postgres hosts, its VMs and their hypervisors. */
const agencyHosts = (inv: Inventory, code: string): Set<string> =>
  new Set(
    inv.workloads.filter((w) => w.agency === code).flatMap((w) => (w.kind === 'vm' ? [w.name, ...(w.hypervisor ? [w.hypervisor] : [])] : [w.host])),
  )

function matches(inv: Inventory, t: Target, location?: SourceLocation): (h: Host) => boolean {
  switch (t.kind) {
    case 'all':
      return () => true
    case 'host':
      if (vmOfHost(inv, t.name) && !targetHosts(inv).some((h) => h.name === t.name)) throw vmErrors.hostKeyMissing(t.name, hostKeySecret(t.name))
      if (!targetHosts(inv).some((h) => h.name === t.name))
        throw playbookErrors.targetUnknown(
          'host',
          t.name,
          targetHosts(inv).map((h) => h.name),
          location,
        )
      return (h) => h.name === t.name
    case 'role':
      if (!(ROLES as readonly string[]).includes(t.role)) throw playbookErrors.targetUnknown('role', t.role, ROLES, location)
      return (h) => (h.roles as string[]).includes(t.role)
    case 'agency': {
      if (!inv.agencies.some((a) => a.code === t.code))
        throw playbookErrors.targetUnknown(
          'agency',
          t.code,
          inv.agencies.map((a) => a.code),
          location,
        )
      const names = agencyHosts(inv, t.code)
      return (h) => names.has(h.name)
    }
  }
}

/**
 * The hosts a list of target expressions selects, in inventory order, without duplicates.
 * An unknown host, role or agency is an error with a did-you-mean hint (and the expression's location when known).
 */
export function resolveTargets(inv: Inventory, exprs: readonly string[], locations: readonly (SourceLocation | undefined)[] = []): Host[] {
  const tests = exprs.map((e, i) => matches(inv, parseTarget(e, locations[i]), locations[i]))
  return targetHosts(inv).filter((h) => tests.some((t) => t(h)))
}

/** The playbook's hosts narrowed by `--limit` (same expression syntax); an empty result is RUN_NO_HOSTS. */
export function selectHosts(
  inv: Inventory,
  targets: readonly string[],
  limit: readonly string[],
  locations: readonly (SourceLocation | undefined)[] = [],
): Host[] {
  const hosts = resolveTargets(inv, targets, locations)
  const allowed = limit.length === 0 ? undefined : new Set(resolveTargets(inv, limit).map((h) => h.name))
  const selected = allowed ? hosts.filter((h) => allowed.has(h.name)) : hosts
  if (selected.length === 0) throw playbookErrors.noHosts(targets, limit)
  return selected
}
