import type {SourceLocation} from './ops-error.js'
import {UserError} from './ops-error.js'
import {didYouMean} from '../services/inventory-suggest.js'

/** Errors of the read-only `inventory` commands (list, show). Codes are stable: scripts match on them. */

export interface NameMatch {
  type: string
  name: string
  location: SourceLocation
}

/** A name that several kinds of object share; carries the matches so `--json` callers can pick one. */
export class AmbiguousNameError extends UserError {
  readonly matches: NameMatch[]

  constructor(name: string, matches: NameMatch[]) {
    const types = matches.map((m) => m.type)
    super({
      code: 'INVENTORY_NAME_AMBIGUOUS',
      message: `"${name}" names ${matches.length} objects: ${matches.map((m) => `${m.type} ${m.name} (${m.location.file}:${m.location.line})`).join(', ')}`,
      hint: `say which one with --type, e.g. \`kotadc inventory show ${name} --type ${types[0] ?? 'host'}\``,
    })
    this.matches = matches
  }

  override details(): unknown {
    return {matches: this.matches}
  }
}

export const inventoryNameUnknown = (name: string, what: string, suggestions: readonly string[], listHint: string) =>
  new UserError({
    code: 'INVENTORY_NAME_UNKNOWN',
    message: `no ${what} is named "${name}"`,
    hint: `${didYouMean(suggestions)}run \`${listHint}\` to see the names`,
  })

export const inventoryFilterNotApplicable = (flag: string, kind: string, appliesTo: string) =>
  new UserError({
    code: 'INVENTORY_FILTER_NOT_APPLICABLE',
    message: `${flag} does not filter ${kind}`,
    hint: `${flag} applies to ${appliesTo}; drop it or list ${appliesTo} instead`,
  })
