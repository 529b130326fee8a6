/**
 * Reads the X.509 name constraints of a certificate (DER), so `pki status` can tell a CA that may sign only the
 * site's names from one that may sign any name. Pure: bytes in, names out; node:crypto does not expose them.
 */
export interface NameConstraints {
  critical: boolean
  /** Permitted DNS subtrees (dNSName bases); empty when the certificate has no name constraints. */
  permittedDns: string[]
}

interface Tlv {
  tag: number
  start: number
  end: number
}

function readTlv(buf: Buffer, off: number): Tlv | undefined {
  if (off + 2 > buf.length) return undefined
  const tag = buf[off] as number
  let len = buf[off + 1] as number
  let start = off + 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n === 0 || n > 4 || start + n > buf.length) return undefined
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + (buf[start + i] as number)
    start += n
  }
  return start + len > buf.length ? undefined : {tag, start, end: start + len}
}

function children(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = []
  for (let off = parent.start; off < parent.end;) {
    const t = readTlv(buf, off)
    if (!t || t.end > parent.end) break
    out.push(t)
    off = t.end
  }
  return out
}

// OBJECT IDENTIFIER 2.5.29.30 (id-ce-nameConstraints), as it appears in an Extension.
const NAME_CONSTRAINTS_OID = Buffer.from('0603551d1e', 'hex')
const BOOLEAN = 0x01
const OCTET_STRING = 0x04
const PERMITTED = 0xa0
const DNS_NAME = 0x82

export function nameConstraintsOf(der: Buffer): NameConstraints {
  const none: NameConstraints = {critical: false, permittedDns: []}
  const at = der.indexOf(NAME_CONSTRAINTS_OID)
  if (at < 0) return none
  let next = readTlv(der, at + NAME_CONSTRAINTS_OID.length)
  let critical = false
  if (next?.tag === BOOLEAN) {
    critical = der[next.start] !== 0
    next = readTlv(der, next.end)
  }
  if (next?.tag !== OCTET_STRING) return none
  const seq = readTlv(der, next.start)
  if (!seq) return none
  const permitted = children(der, seq).find((c) => c.tag === PERMITTED)
  const permittedDns = permitted
    ? children(der, permitted).flatMap((subtree) =>
        children(der, subtree)
          .filter((b) => b.tag === DNS_NAME)
          .map((b) => der.subarray(b.start, b.end).toString('ascii')),
      )
    : []
  return {critical, permittedDns}
}
