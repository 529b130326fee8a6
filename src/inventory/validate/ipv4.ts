/** IPv4 addresses and CIDR blocks as unsigned 32-bit numbers; strict dotted quads, no leading zeros. */

export interface Cidr {
  base: number
  prefix: number
  /** Number of addresses in the block. */
  size: number
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let value = 0
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined
    const n = Number(part)
    if (n > 255) return undefined
    value = value * 256 + n
  }
  return value
}

export const formatIpv4 = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')

/** Parses `a.b.c.d/p`. Host bits must be zero, so `10.0.0.5/24` is rejected (returns `hostBits`). */
export function parseCidr(text: string): Cidr | {hostBits: string} | undefined {
  const slash = text.indexOf('/')
  if (slash < 0) return undefined
  const base = parseIpv4(text.slice(0, slash))
  const prefixText = text.slice(slash + 1)
  if (base === undefined || !/^(0|[1-9][0-9]?)$/.test(prefixText)) return undefined
  const prefix = Number(prefixText)
  if (prefix > 32) return undefined
  const size = 2 ** (32 - prefix)
  const network = base - (base % size)
  if (network !== base) return {hostBits: `${formatIpv4(network)}/${prefix}`}
  return {base, prefix, size}
}

export const isCidr = (c: ReturnType<typeof parseCidr>): c is Cidr => c !== undefined && 'base' in c

export const cidrContains = (c: Cidr, addr: number): boolean => addr >= c.base && addr < c.base + c.size

/** The network and broadcast addresses of a block, which no host may use (none for /31 and /32). */
export function reservedOf(c: Cidr): {network?: number; broadcast?: number} {
  if (c.prefix >= 31) return {}
  return {network: c.base, broadcast: c.base + c.size - 1}
}
