import {terraformErrors} from '../../errors/terraform-errors.js'
import {SECRET_MASK} from '../../inventory/secret.js'
import {createMasker, maskDeep} from '../../inventory/secret-mask.js'

export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'forget'

/** One resource terraform would change, with sensitive values already masked. */
export interface ResourceChange {
  address: string
  type: string
  name: string
  action: ChangeAction
  /** Terraform's reason, e.g. replace_because_cannot_update, delete_because_no_resource_config. */
  reason?: string
  /** Attributes whose change forces the replacement, as paths like `triggers_replace` or `ports[0].internal`. */
  replacePaths: string[]
  before: unknown
  after: unknown
  /** Attributes only known after apply. */
  unknownAfter: string[]
}

export interface PlanSummary {
  terraformVersion: string
  changes: ResourceChange[]
  /** Differences between the state and reality found while refreshing (the whole result of a refresh-only plan). */
  drift: ResourceChange[]
  counts: Record<ChangeAction, number>
  hasChanges: boolean
}

type Json = null | boolean | number | string | Json[] | {[k: string]: Json}

interface RawChange {
  address?: string
  type?: string
  name?: string
  action_reason?: string
  change?: {
    actions?: string[]
    before?: Json
    after?: Json
    after_unknown?: Json
    before_sensitive?: Json
    after_sensitive?: Json
    replace_paths?: Json[][]
  }
}

const isObject = (v: unknown): v is {[k: string]: Json} => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Replaces every value the sensitivity mask marks `true` (at any depth) with ***. */
export function maskSensitive(value: Json | undefined, mask: Json | undefined): Json | undefined {
  if (mask === true) return value === null || value === undefined ? value : SECRET_MASK
  if (Array.isArray(value) && Array.isArray(mask)) return value.map((v, i) => maskSensitive(v, mask[i]) as Json)
  if (isObject(value) && isObject(mask)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSensitive(v, mask[k]) as Json]))
  }
  return value
}

/**
 * Replaces every occurrence of a known secret inside any string with ***. Terraform marks only what it can trace
 * (terraform_data's `output` echoes a sensitive `input` unmarked), so the values we passed in are scrubbed too.
 */
export const scrubSecrets = <T>(value: T, secrets: readonly string[]): T => maskDeep(value, createMasker(secrets))

/** Every string inside the parts of `value` that `mask` marks sensitive. */
function sensitiveStrings(value: Json | undefined, mask: Json | undefined, out: Set<string>): void {
  if (mask === true) {
    const collect = (v: Json | undefined): void => {
      if (typeof v === 'string') out.add(v)
      else if (Array.isArray(v)) v.forEach(collect)
      else if (isObject(v)) Object.values(v).forEach(collect)
    }
    collect(value)
  } else if (Array.isArray(value) && Array.isArray(mask)) value.forEach((v, i) => sensitiveStrings(v, mask[i], out))
  else if (isObject(value) && isObject(mask)) Object.entries(value).forEach(([k, v]) => sensitiveStrings(v, mask[k], out))
}

/** Shorter sensitive strings are not scrubbed elsewhere: masking every "1" or "on" would garble the plan. */
const MIN_SCRUB_LENGTH = 4

const formatPath = (path: Json[]): string =>
  path
    .map((step, i) =>
      typeof step === 'number' ? `[${step}]` : typeof step === 'string' ? (i === 0 ? step : `.${step}`) : `[${JSON.stringify(step)}]`,
    )
    .join('')

function unknownPaths(mask: Json | undefined, prefix: Json[] = []): string[] {
  if (mask === true) return [formatPath(prefix)]
  if (Array.isArray(mask)) return mask.flatMap((m, i) => unknownPaths(m, [...prefix, i]))
  if (isObject(mask)) return Object.entries(mask).flatMap(([k, m]) => unknownPaths(m, [...prefix, k]))
  return []
}

function actionOf(actions: string[]): ChangeAction | undefined {
  const key = actions.join(',')
  if (key === 'create') return 'create'
  if (key === 'update') return 'update'
  if (key === 'delete') return 'delete'
  if (key === 'forget') return 'forget'
  if (key === 'delete,create' || key === 'create,delete') return 'replace'
  return undefined // no-op and read change nothing
}

function toChange(raw: RawChange): ResourceChange | undefined {
  const c = raw.change ?? {}
  const action = actionOf(c.actions ?? [])
  if (!action || !raw.address) return undefined
  return {
    address: raw.address,
    type: raw.type ?? '',
    name: raw.name ?? '',
    action,
    ...(raw.action_reason ? {reason: raw.action_reason} : {}),
    replacePaths: (c.replace_paths ?? []).map(formatPath),
    before: maskSensitive(c.before ?? null, c.before_sensitive),
    after: maskSensitive(c.after ?? null, c.after_sensitive),
    unknownAfter: unknownPaths(c.after_unknown),
  }
}

/**
 * Parses `terraform show -json <planfile>` into the typed change list. Values terraform marks sensitive, and any
 * string containing one of `secrets`, come out as ***.
 */
export function parsePlanJson(stdout: string, secrets: readonly string[] = []): PlanSummary {
  let doc: unknown
  try {
    doc = JSON.parse(stdout)
  } catch (e) {
    throw terraformErrors.planUnreadable(`not JSON (${(e as Error).message})`)
  }
  if (!isObject(doc) || typeof doc.format_version !== 'string') throw terraformErrors.planUnreadable('no format_version: not a plan')
  const list = (key: string): RawChange[] => (Array.isArray(doc[key]) ? (doc[key] as RawChange[]) : [])
  // A value terraform marks sensitive in one attribute may be echoed unmarked in another (terraform_data.output).
  const marked = new Set<string>()
  for (const raw of [...list('resource_changes'), ...list('resource_drift')]) {
    sensitiveStrings(raw.change?.before, raw.change?.before_sensitive, marked)
    sensitiveStrings(raw.change?.after, raw.change?.after_sensitive, marked)
  }
  const scrub = [...secrets, ...[...marked].filter((v) => v.length >= MIN_SCRUB_LENGTH)]
  const parse = (key: string): ResourceChange[] =>
    scrubSecrets(
      list(key)
        .map(toChange)
        .filter((c): c is ResourceChange => c !== undefined),
      scrub,
    )
  const changes = parse('resource_changes')
  const drift = parse('resource_drift')
  const counts: Record<ChangeAction, number> = {create: 0, update: 0, replace: 0, delete: 0, forget: 0}
  for (const c of changes) counts[c.action]++
  return {
    terraformVersion: typeof doc.terraform_version === 'string' ? doc.terraform_version : 'unknown',
    changes,
    drift,
    counts,
    hasChanges: changes.length > 0,
  }
}
