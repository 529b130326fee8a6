import {createHash} from 'node:crypto'

/**
 * The audit trail's hash chain. Each record carries `prev`, the hash of the record before it, and `hash`, the
 * SHA-256 (hex) of its own canonical form. The canonical form is the record without its `hash` key, as JSON with
 * object keys sorted (by UTF-16 code unit, recursively), no whitespace, strings and numbers as JSON.stringify writes
 * them: the same bytes whether the record came from a JSON line or from PostgreSQL's jsonb, which reorders keys.
 * The first record's predecessor is GENESIS. A record from before the chain (no `hash`) still has a hash, that of
 * its canonical form, so the first chained record after it is chained to it.
 */
export const GENESIS = '0'.repeat(64)

// A type, not an interface: chained records must stay assignable to Record<string, unknown>.
export type Chained = {prev: string; hash: string}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (isObject(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`
  return JSON.stringify(v) ?? 'null'
}

/** The hash a record has (or, without a `hash` key, would have): SHA-256 of its canonical form without `hash`. */
export function recordHash(record: Record<string, unknown>): string {
  const {hash: _hash, ...rest} = record
  return createHash('sha256').update(canonicalJson(rest)).digest('hex')
}

/** The record as it is stored after `previous` (null: it is the first): with `prev` and its own `hash`. */
export function chainRecord<T extends object>(record: T, previous: Record<string, unknown> | null): T & Chained {
  const {prev: _p, hash: _h, ...rest} = record as T & Partial<Chained>
  const prev = previous === null ? GENESIS : typeof previous.hash === 'string' ? previous.hash : recordHash(previous)
  const chained = {...rest, prev} as unknown as T & Chained
  return {...chained, hash: recordHash(chained)}
}

/** What is wrong with one line, in words that say what happened to the file. */
export interface ChainBreak {
  line: number
  kind: 'unreadable' | 'edited' | 'out-of-order' | 'unhashed'
  message: string
}

export interface ChainVerdict {
  records: number
  /** Leading records written before the chain existed: present, but nothing proves they are unchanged. */
  legacy: number
  /** The hash of the last record: note it, and a later verify that ends elsewhere shows the tail was cut. */
  head: string | null
  breaks: ChainBreak[]
}

/**
 * Checks a trail, one JSON record per entry (file lines, or rows in id order; `line` numbers them from 1). A record
 * whose hash does not match its content was edited; a record whose `prev` is not the hash of the one before it
 * follows a deleted, inserted or moved record. Records without hashes are allowed only before the first hashed one.
 * Removing records from the end leaves a valid shorter chain: only a head noted earlier shows that.
 */
export function verifyChain(entries: readonly string[]): ChainVerdict {
  const breaks: ChainBreak[] = []
  let previous: Record<string, unknown> | null = null
  let legacy = 0
  let chained = false
  let records = 0
  entries.forEach((text, i) => {
    const line = i + 1
    if (text.trim() === '') return
    let rec: unknown
    try {
      rec = JSON.parse(text)
    } catch {
      rec = undefined
    }
    if (!isObject(rec)) {
      breaks.push({line, kind: 'unreadable', message: `line ${line} is not a JSON record (a torn write, or edited by hand)`})
      return
    }
    records++
    if (typeof rec.hash !== 'string' || typeof rec.prev !== 'string') {
      if (chained)
        breaks.push({line, kind: 'unhashed', message: `line ${line} has no hash, after hashed records: it was added by hand or by an older kotadc`})
      else legacy++
      previous = rec
      return
    }
    chained = true
    const expectedPrev = previous === null ? GENESIS : typeof previous.hash === 'string' ? previous.hash : recordHash(previous)
    if (recordHash(rec) !== rec.hash) breaks.push({line, kind: 'edited', message: `line ${line} was edited: its content does not match its hash`})
    else if (rec.prev !== expectedPrev)
      breaks.push({
        line,
        kind: 'out-of-order',
        message:
          line === 1
            ? 'line 1 is not the first record: records before it were deleted'
            : `line ${line} does not follow line ${line - 1}: a record between them was deleted, or records were moved or inserted`,
      })
    previous = rec
  })
  const head =
    previous === null
      ? null
      : typeof (previous as Record<string, unknown>).hash === 'string'
        ? String((previous as Record<string, unknown>).hash)
        : null
  return {records, legacy, head, breaks}
}
