import {SUPPORTED_SCHEMA_VERSIONS} from '../schema.js'

/**
 * Schema versions. A migration turns the plain value of one file from version n into n+1;
 * the loader runs them in order up to the current version, before validation.
 */
export type Migration = (value: Record<string, unknown>) => Record<string, unknown>

export const CURRENT_SCHEMA_VERSION = 1
export const SUPPORTED_VERSIONS: readonly number[] = SUPPORTED_SCHEMA_VERSIONS

// Keyed by the version a step starts from. v1 is the first format, so there is nothing to migrate yet.
export const MIGRATIONS: ReadonlyMap<number, Migration> = new Map()

export type VersionCheck = {ok: true; version: number} | {ok: false; reason: 'missing' | 'unsupported'; found?: unknown}

export function checkVersion(found: unknown, required: boolean): VersionCheck {
  if (found === undefined) return required ? {ok: false, reason: 'missing'} : {ok: true, version: CURRENT_SCHEMA_VERSION}
  if (typeof found === 'number' && SUPPORTED_VERSIONS.includes(found)) return {ok: true, version: found}
  return {ok: false, reason: 'unsupported', found}
}

/** Brings a file's value up to the current version, one pure step at a time. */
export function migrate(value: Record<string, unknown>, from: number): Record<string, unknown> {
  let v = value
  for (let n = from; n < CURRENT_SCHEMA_VERSION; n++) {
    const step = MIGRATIONS.get(n)
    if (!step) throw new Error(`no migration from schema version ${n}`)
    v = {...step(v), schemaVersion: n + 1}
  }
  return v
}
