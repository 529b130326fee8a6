import {checkAddresses} from './addresses.js'
import {checkCapacity} from './capacity.js'
import type {IssueDraft} from './draft.js'
import {checkExposure, checkSecrets} from './exposure.js'
import {checkNames} from './names.js'
import type {Locator, RawInventory} from './raw.js'
import {checkReferences} from './references.js'

export interface CrossCheckResult {
  issues: IssueDraft[]
  placements: Map<string, string>
}

/** Every check that looks across entries and files ("What validation checks beyond the keys" in docs/inventory.md). */
export function crossCheck(raw: RawInventory, loc: Locator, hasSecret: (name: string) => boolean): CrossCheckResult {
  const capacity = checkCapacity(raw)
  const issues = [
    ...checkNames(raw, loc),
    ...checkAddresses(raw, loc),
    ...checkReferences(raw),
    ...capacity.issues,
    ...checkExposure(raw, loc),
    ...checkSecrets(raw, hasSecret),
  ]
  return {issues, placements: capacity.placements}
}
