import {checkAddresses} from './addresses.js'
import {checkCapacity} from './capacity.js'
import type {IssueDraft} from './draft.js'
import {checkExposure, checkSecrets} from './exposure.js'
import {checkFence} from './fence.js'
import {checkNames} from './names.js'
import type {Locator, RawInventory} from './raw.js'
import {checkReferences} from './references.js'
import {checkSecretOwners} from './secret-owners.js'

export interface CrossCheckResult {
  issues: IssueDraft[]
  placements: Map<string, string>
}

/** Every check that looks across entries and files ("What validation checks beyond the keys" in docs/inventory.md). */
export function crossCheck(raw: RawInventory, loc: Locator, hasSecret: (name: string) => boolean): CrossCheckResult {
  const capacity = checkCapacity(raw)
  const owners = checkSecretOwners(raw, loc)
  // A refused secret is not worth a "store it" warning: storing it is exactly what must not happen.
  const refused = new Set(owners.map((d) => `${d.at.file}\0${d.at.path.join('.')}`))
  const issues = [
    ...checkNames(raw, loc),
    ...checkAddresses(raw, loc),
    ...checkReferences(raw),
    ...capacity.issues,
    ...checkExposure(raw, loc),
    ...checkFence(raw, loc),
    ...owners,
    ...checkSecrets(raw, hasSecret).filter((d) => !refused.has(`${d.at.file}\0${d.at.path.join('.')}`)),
  ]
  return {issues, placements: capacity.placements}
}
