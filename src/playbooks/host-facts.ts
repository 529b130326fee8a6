import type {FactRequest} from '../facts/define.js'
import {groupsFact} from '../facts/groups.js'
import {osReleaseFact} from '../facts/os-release.js'
import {installedPackagesFact} from '../facts/packages.js'
import {usersFact} from '../facts/users.js'

/**
 * The host facts an expression can read as `facts.<name>`, gathered in the first round trip only when some task
 * reads them. Each is a fact a task type already gathers (packages for `package`, users for `user`, …).
 */
export const HOST_FACTS: Readonly<Record<string, () => FactRequest<unknown>>> = {
  os: () => osReleaseFact(),
  packages: () => installedPackagesFact(),
  users: () => usersFact(),
  groups: () => groupsFact(),
}

export const HOST_FACT_NAMES = Object.keys(HOST_FACTS)

/** The requests for the named host facts. */
export const hostFactRequests = (names: Iterable<string>): Map<string, FactRequest<unknown>> =>
  new Map([...new Set(names)].map((n) => [n, (HOST_FACTS[n] as () => FactRequest<unknown>)()]))

/** `facts` for an expression: each named fact's gathered value (the caller gathered them). */
export const hostFactsFrom = (requests: ReadonlyMap<string, FactRequest<unknown>>, values: ReadonlyMap<string, unknown>): Record<string, unknown> =>
  Object.fromEntries([...requests].map(([n, r]) => [n, values.get(r.key)]))
