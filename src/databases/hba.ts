import type {HbaRule} from './desired.js'
import {databaseErrors} from '../errors/databases.js'
import {quoteHbaName} from './sql-quote.js'

export const HBA_BEGIN = '# BEGIN kotadc: generated from the inventory by `kotadc deploy`; edits inside this block are replaced'
export const HBA_END = '# END kotadc'

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

/** One `host` line: TCP (with or without TLS), this database, this role, one address, scram-sha-256. */
export function renderHbaRule(r: HbaRule): string {
  if (!IPV4.test(r.address)) throw databaseErrors.unsafeValue('client address', r.address)
  return `host ${quoteHbaName(r.database)} ${quoteHbaName(r.role)} ${r.address}/32 scram-sha-256`
}

/**
 * The managed block. pg_hba.conf is read top-down and the first matching line decides, so the block goes first:
 * the inventory's lines, then a `reject` for every other TCP client. Local socket lines (peer, which kotadc itself
 * uses as postgres) are untouched.
 */
export function renderHbaBlock(rules: readonly HbaRule[]): string[] {
  const seen = new Set<string>()
  const lines: string[] = []
  for (const r of rules) {
    const line = renderHbaRule(r)
    if (!seen.has(line)) lines.push(line)
    seen.add(line)
  }
  return [HBA_BEGIN, ...lines, 'host all all 0.0.0.0/0 reject', 'host all all ::/0 reject', HBA_END]
}

export interface HbaFile {
  /** The block's lines (markers included) as found, or undefined when the file has none. */
  block: string[] | undefined
  before: string[]
  after: string[]
}

/** Splits a pg_hba.conf into what precedes the kotadc block, the block, and what follows it. */
export function readHbaFile(text: string): HbaFile {
  const lines = text.replace(/\n$/, '').split('\n')
  const begin = lines.indexOf(HBA_BEGIN)
  const end = begin === -1 ? -1 : lines.indexOf(HBA_END, begin)
  if (begin === -1 || end === -1) return {block: undefined, before: [], after: text === '' ? [] : lines}
  return {before: lines.slice(0, begin), block: lines.slice(begin, end + 1), after: lines.slice(end + 1)}
}

/** The file with its kotadc block replaced by `block`, or `block` put first when the file has none. */
export function spliceHbaFile(text: string, block: readonly string[]): string {
  const f = readHbaFile(text)
  return `${[...f.before, ...block, ...f.after].join('\n')}\n`
}

/** Lines to add and remove to turn the current block into the wanted one (for plan and drift); `changed` also counts order. */
export function diffHbaBlock(
  current: readonly string[] | undefined,
  wanted: readonly string[],
): {added: string[]; removed: string[]; changed: boolean} {
  const cur = current ?? []
  const rule = (l: string): boolean => l !== HBA_BEGIN && l !== HBA_END
  return {
    added: wanted.filter((l) => rule(l) && !cur.includes(l)),
    removed: cur.filter((l) => rule(l) && !wanted.includes(l)),
    changed: cur.join('\n') !== wanted.join('\n'),
  }
}
