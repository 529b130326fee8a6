import type {SourceLocation} from '../errors/ops-error.js'
import {isCidr, parseCidr, parseIpv4} from '../inventory/validate/ipv4.js'
import {netsvcErrors} from '../errors/netsvc.js'

// The inventory validator already enforces these shapes; checking again at the point of interpolation means a
// future schema change or a hand-built model can never smuggle a `;` or `}` into named.conf, nginx or nft text.

const LABEL = /^[a-z][a-z0-9-]{0,62}$/
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/

/** A lowercase DNS label as the inventory defines names. */
export function safeLabel(value: string, what: string, location?: SourceLocation): string {
  if (!LABEL.test(value)) throw netsvcErrors.unsafeValue(what, value, location)
  return value
}

/** A lowercase domain name of at least two labels, no trailing dot. */
export function safeDomain(value: string, what: string, location?: SourceLocation): string {
  const labels = value.split('.')
  if (value.length > 253 || labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) throw netsvcErrors.unsafeValue(what, value, location)
  return value
}

/** A strict dotted-quad IPv4 address. */
export function safeIpv4(value: string, what: string, location?: SourceLocation): string {
  if (parseIpv4(value) === undefined) throw netsvcErrors.unsafeValue(what, value, location)
  return value
}

/** A TCP/UDP port number. */
export function safePort(value: number, what: string, location?: SourceLocation): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw netsvcErrors.unsafeValue(what, String(value), location)
  return value
}

/** An IPv4 CIDR block with zero host bits. */
export function safeCidr(value: string, what: string, location?: SourceLocation): string {
  if (!isCidr(parseCidr(value))) throw netsvcErrors.unsafeValue(what, value, location)
  return value
}
