/**
 * `nft -j list table` output reduced to what the table says, so two listings of the same rules compare equal: the
 * metainfo, the kernel's handles and counter values (which change with traffic) are dropped, and each table, chain
 * and rule becomes one canonical line. Rule order inside a chain is kept: in nftables it is meaning.
 */

type Json = null | boolean | number | string | Json[] | {[k: string]: Json}

const isObject = (v: Json): v is {[k: string]: Json} => v !== null && typeof v === 'object' && !Array.isArray(v)

function strip(v: Json): Json {
  if (Array.isArray(v)) return v.map(strip)
  if (!isObject(v)) return v
  const out: {[k: string]: Json} = {}
  for (const k of Object.keys(v).sort()) {
    if (k === 'handle') continue
    // A counter's numbers move with every packet; that there is a counter is part of the rule, its count is not.
    out[k] = k === 'counter' && isObject(v[k] as Json) ? {} : strip(v[k] as Json)
  }
  return out
}

/** One table, chain, set or rule of a listing: `kind` and its canonical JSON, and for rules the chain and a readable form. */
export interface NftItem {
  kind: string
  chain?: string
  key: string
  text: string
}

const fmtValue = (v: Json): string => {
  if (v === null) return ''
  if (Array.isArray(v)) return v.map(fmtValue).join(',')
  if (!isObject(v)) return String(v)
  if ('set' in v) return `{ ${(Array.isArray(v.set) ? v.set : [v.set as Json]).map(fmtValue).join(', ')} }`
  if ('prefix' in v && isObject(v.prefix)) return `${fmtValue((v.prefix as {addr: Json}).addr)}/${fmtValue((v.prefix as {len: Json}).len)}`
  if ('range' in v && Array.isArray(v.range)) return v.range.map(fmtValue).join('-')
  if ('payload' in v && isObject(v.payload)) {
    const p = v.payload as {protocol?: Json; field?: Json}
    return `${fmtValue(p.protocol ?? '')} ${fmtValue(p.field ?? '')}`.trim()
  }
  if ('meta' in v && isObject(v.meta)) return `meta ${fmtValue((v.meta as {key: Json}).key)}`
  if ('ct' in v && isObject(v.ct)) {
    const c = v.ct as {key: Json; dir?: Json}
    return `ct ${c.dir ? `${fmtValue(c.dir)} ` : ''}${fmtValue(c.key)}`
  }
  return JSON.stringify(v)
}

// The rule as nft would roughly print it, for the drift report; the comparison itself uses the canonical JSON.
function ruleText(expr: Json, comment: Json | undefined): string {
  const parts = (Array.isArray(expr) ? expr : []).map((e): string => {
    if (!isObject(e)) return fmtValue(e)
    const [k, v] = Object.entries(e)[0] ?? ['', null]
    if (k === 'match' && isObject(v)) {
      const m = v as {op: Json; left: Json; right: Json}
      const op = m.op === '==' || m.op === 'in' ? '' : `${fmtValue(m.op)} `
      return `${fmtValue(m.left)} ${op}${fmtValue(m.right)}`
    }
    if (v === null || (isObject(v) && Object.keys(v).length === 0)) return k
    if (k === 'jump' || k === 'goto') return `${k} ${fmtValue((v as {target: Json}).target)}`
    return `${k} ${JSON.stringify(v)}`
  })
  return `${parts.join(' ')}${typeof comment === 'string' ? ` comment "${comment}"` : ''}`
}

/** The items of one `nft -j list table` listing, or undefined when the text is not such a listing. */
export function nftItems(listing: string): NftItem[] | undefined {
  let parsed: Json
  try {
    parsed = JSON.parse(listing) as Json
  } catch {
    return undefined
  }
  if (!isObject(parsed) || !Array.isArray(parsed.nftables)) return undefined
  const items: NftItem[] = []
  for (const entry of parsed.nftables) {
    if (!isObject(entry)) continue
    const [kind, body] = Object.entries(entry)[0] ?? []
    if (!kind || kind === 'metainfo' || body === undefined) continue
    const clean = strip(body)
    const b = isObject(clean) ? clean : {}
    const chain = typeof b.chain === 'string' ? b.chain : kind === 'chain' && typeof b.name === 'string' ? b.name : undefined
    const text =
      kind === 'rule'
        ? ruleText(b.expr ?? null, b.comment)
        : kind === 'chain'
          ? `chain ${fmtValue(b.name ?? null)} (${fmtValue(b.hook ?? '')} ${fmtValue(b.policy ?? '')})`
          : `${kind} ${fmtValue(b.name ?? '')}`
    items.push({kind, ...(chain === undefined ? {} : {chain}), key: `${kind} ${JSON.stringify(clean)}`, text})
  }
  return items
}

/**
 * What differs between the table kotadc loaded (`expected`) and the live one: `+ chain: rule` for what is live but
 * was not loaded (a rule added by hand), `- chain: rule` for what was loaded and is gone, `~ chain: order` when the
 * same rules stand in another order. Empty when they are the same.
 */
export function nftDrift(expected: readonly NftItem[], live: readonly NftItem[]): string[] {
  const label = (i: NftItem): string => (i.kind === 'rule' ? `${i.chain ?? '?'}: ${i.text}` : i.text)
  const count = (xs: readonly NftItem[]): Map<string, number> => xs.reduce((m, i) => m.set(i.key, (m.get(i.key) ?? 0) + 1), new Map<string, number>())
  const want = count(expected)
  const have = count(live)
  const out: string[] = []
  const seen = new Set<string>()
  for (const i of live) {
    if (seen.has(i.key)) continue
    seen.add(i.key)
    for (let n = (have.get(i.key) ?? 0) - (want.get(i.key) ?? 0); n > 0; n--) out.push(`+ ${label(i)}`)
  }
  seen.clear()
  for (const i of expected) {
    if (seen.has(i.key)) continue
    seen.add(i.key)
    for (let n = (want.get(i.key) ?? 0) - (have.get(i.key) ?? 0); n > 0; n--) out.push(`- ${label(i)}`)
  }
  if (out.length === 0) {
    const chains = [...new Set(expected.filter((i) => i.kind === 'rule').map((i) => i.chain ?? '?'))]
    for (const c of chains) {
      const order = (xs: readonly NftItem[]) =>
        xs
          .filter((i) => i.kind === 'rule' && (i.chain ?? '?') === c)
          .map((i) => i.key)
          .join('\n')
      if (order(expected) !== order(live)) out.push(`~ ${c}: the same rules in another order`)
    }
  }
  return out
}
