import {databaseErrors} from '../errors/databases.js'

// The one owner of SQL quoting: every inventory value that reaches PostgreSQL (role and database names, addresses,
// settings) passes through here, so no other file builds SQL or config text by concatenating a raw value.

/** NUL ends a C string inside the server: a name or literal holding one would be cut short, so it is refused. */
const refuseNul = (what: string, value: string): void => {
  if (value.includes('\0')) throw databaseErrors.unsafeValue(what, value)
}

/** `"name"` with every `"` doubled: an identifier PostgreSQL takes verbatim (case kept, keywords and dashes allowed). */
export function quoteIdent(name: string): string {
  refuseNul('identifier', name)
  if (name.length === 0 || Buffer.byteLength(name) > 63) throw databaseErrors.unsafeValue('identifier', name)
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * `'text'` with every `'` doubled. With standard_conforming_strings (on since 9.1) a backslash is an ordinary
 * character; the E'' form is never used, so a backslash in the value cannot start an escape.
 */
export function quoteLiteral(value: string): string {
  refuseNul('literal', value)
  return `'${value.replaceAll("'", "''")}'`
}

/** A postgresql.conf value: single-quoted, `'` doubled (the server's own config parser also reads `''`). */
export const quoteConfValue = (value: string): string => {
  if (/[\n\r\0]/.test(value)) throw databaseErrors.unsafeValue('setting value', value)
  return quoteLiteral(value)
}

/**
 * A pg_hba.conf database or user field: double-quoted, so a name such as `all`, `replication` or `+group` is taken
 * as that name and never as a keyword. pg_hba.conf has no escape for `"` inside quotes, and whitespace, `,` or `#`
 * would split or end the field, so such names are refused rather than written.
 */
export function quoteHbaName(name: string): string {
  if (name.length === 0 || /["\s,#\\\0]/.test(name)) throw databaseErrors.unsafeValue('pg_hba.conf name', name)
  return `"${name}"`
}
