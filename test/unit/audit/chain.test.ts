import {describe, expect, it} from 'vitest'
import {canonicalJson, chainRecord, GENESIS, recordHash, verifyChain} from '../../../src/audit/chain.js'

const rec = (n: number) => ({
  at: `2026-11-0${n}T10:00:00.000Z`,
  user: 'andi',
  outcome: 'succeeded',
  phases: [{name: 'base', status: 'changed'}],
  durationMs: n * 100,
})

/** A trail of n chained records as file lines, built the way appendAuditFile chains them. */
function trail(n: number): string[] {
  const lines: string[] = []
  let prev: Record<string, unknown> | null = null
  for (let i = 1; i <= n; i++) {
    const r = chainRecord(rec(i), prev) as Record<string, unknown>
    lines.push(JSON.stringify(r))
    prev = r
  }
  return lines
}

describe('the audit hash chain', () => {
  it('an untouched trail verifies, with its head the last record’s hash', () => {
    const lines = trail(4)
    const v = verifyChain(lines)
    expect(v).toMatchObject({records: 4, legacy: 0, breaks: []})
    expect(v.head).toBe(JSON.parse(lines[3] as string).hash)
    expect(JSON.parse(lines[0] as string).prev).toBe(GENESIS)
  })

  it('an edited line is detected at that line, and only there', () => {
    const lines = trail(4)
    lines[1] = (lines[1] as string).replace('"andi"', '"budi"')
    expect(verifyChain(lines).breaks).toEqual([{line: 2, kind: 'edited', message: expect.stringContaining('line 2 was edited')}])
  })

  it('an edit that also recomputes the hash breaks the link to the next line', () => {
    const lines = trail(4)
    const forged = {...JSON.parse(lines[1] as string), user: 'budi'}
    lines[1] = JSON.stringify({...forged, hash: recordHash(forged)})
    expect(verifyChain(lines).breaks).toEqual([{line: 3, kind: 'out-of-order', message: expect.stringContaining('line 3 does not follow line 2')}])
  })

  it('a deleted line is detected at the line that followed it', () => {
    const lines = trail(4)
    lines.splice(1, 1)
    expect(verifyChain(lines).breaks.map((b) => [b.line, b.kind])).toEqual([[2, 'out-of-order']])
  })

  it('deleting the first line is detected', () => {
    expect(verifyChain(trail(3).slice(1)).breaks.map((b) => b.message)).toEqual(['line 1 is not the first record: records before it were deleted'])
  })

  it('two reordered lines are detected', () => {
    const lines = trail(4)
    ;[lines[1], lines[2]] = [lines[2] as string, lines[1] as string]
    expect(verifyChain(lines).breaks.map((b) => b.line)).toContain(2)
  })

  it('a torn or garbage line is named, and the records around it still link', () => {
    const lines = trail(3)
    lines.splice(2, 0, '{"at": "2026-11')
    expect(verifyChain(lines).breaks).toEqual([{line: 3, kind: 'unreadable', message: expect.stringContaining('line 3 is not a JSON record')}])
  })

  it('records written before the chain are counted as legacy, and the first chained record links to the last of them', () => {
    const legacy = [JSON.stringify(rec(1)), JSON.stringify(rec(2))]
    const next = chainRecord(rec(3), JSON.parse(legacy[1] as string))
    expect(verifyChain([...legacy, JSON.stringify(next)])).toMatchObject({records: 3, legacy: 2, breaks: []})
    // A record without hash after chained ones is not legacy: someone added it.
    expect(verifyChain([...trail(2), JSON.stringify(rec(3))]).breaks.map((b) => b.kind)).toEqual(['unhashed'])
  })

  it('the canonical form ignores key order, so a jsonb round trip (which reorders keys) keeps the hash', () => {
    const r = chainRecord(rec(1), null)
    const reordered = Object.fromEntries(Object.entries(r).reverse())
    expect(recordHash(reordered)).toBe(r.hash)
    expect(canonicalJson({b: 1, a: [{d: 2, c: 'x'}]})).toBe('{"a":[{"c":"x","d":2}],"b":1}')
  })
})
