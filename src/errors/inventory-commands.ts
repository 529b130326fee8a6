import type {SourceLocation} from './ops-error.js'
import {defineCodes} from './define.js'
import {UserError} from './ops-error.js'
import {didYouMean} from './did-you-mean.js'

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

export const schemaDirUnwritable = (dir: string, reason: string, suggested: string, cause: unknown) =>
  new UserError({
    code: 'SCHEMA_DIR_UNWRITABLE',
    message: `cannot write schema files to ${dir}: ${reason}`,
    hint: `pass --out a directory you can write to, such as ${suggested} in the repository root`,
    cause,
  })

export const inventoryCommandCodes = defineCodes({
  INVENTORY_NAME_AMBIGUOUS: {
    family: 'user',
    meaning: 'a name given to `inventory show` names several kinds of object',
    fix: 'say which one with --type',
  },
  INVENTORY_NAME_UNKNOWN: {family: 'user', meaning: 'no object of the asked kind has the given name', fix: 'use a name from `kotadc inventory list`'},
  INVENTORY_FILTER_NOT_APPLICABLE: {
    family: 'user',
    meaning: 'a filter flag does not apply to the kind being listed',
    fix: 'drop the flag, or list the kind it applies to',
  },
  SCHEMA_DIR_UNWRITABLE: {
    family: 'user',
    meaning: '`inventory schema --out` cannot write to the directory',
    fix: 'pass --out a directory you can write to, such as .kotadc/schema',
  },
})
