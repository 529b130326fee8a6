import {describe, expect, it} from 'vitest'
import {cidrContains, formatIpv4, isCidr, parseCidr, parseIpv4, reservedOf} from '../../../src/inventory/validate/ipv4.js'

describe('ipv4', () => {
  it.each(['10.0.0.30', '0.0.0.0', '255.255.255.255'])('parses %s', (a) => expect(formatIpv4(parseIpv4(a) as number)).toBe(a))
  it.each(['10.0.0.300', '10.0.0', '10.0.0.1.2', '010.0.0.1', '10.0.0.-1', '', 'a.b.c.d', '10.0.0.1 '])('rejects %j', (a) => expect(parseIpv4(a)).toBeUndefined())

  it('parses a block and knows its reserved addresses', () => {
    const c = parseCidr('10.20.0.0/22')
    expect(isCidr(c)).toBe(true)
    if (!isCidr(c)) return
    expect(c.size).toBe(1024)
    expect(cidrContains(c, parseIpv4('10.20.3.255') as number)).toBe(true)
    expect(cidrContains(c, parseIpv4('10.20.4.0') as number)).toBe(false)
    expect(formatIpv4(reservedOf(c).broadcast as number)).toBe('10.20.3.255')
    expect(reservedOf(parseCidr('10.0.0.0/31') as never)).toEqual({})
  })

  it('rejects host bits and names the network address', () => {
    expect(parseCidr('10.10.0.5/24')).toEqual({hostBits: '10.10.0.0/24'})
    expect(parseCidr('10.10.0.0/33')).toBeUndefined()
    expect(parseCidr('10.10.0.0')).toBeUndefined()
    expect(parseCidr('10.10.0.0/024')).toBeUndefined()
  })
})
