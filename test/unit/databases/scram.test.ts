import {describe, expect, it} from 'vitest'
import {saslPrep, scramMatches, scramVerifier} from '../../../src/databases/scram.js'

const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64')

describe('scramVerifier', () => {
  it('has the RFC 5803 shape PostgreSQL stores in pg_authid', () => {
    expect(scramVerifier('pencil', salt)).toMatch(/^SCRAM-SHA-256\$4096:W22ZaJ0SNY7soEsUEjb6gQ==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/)
  })

  it('is a fixed function of password, salt and iterations (RFC 7677 example inputs)', () => {
    // The same inputs through PostgreSQL's own code give this verifier (test/integration/databases checks a live server).
    expect(scramVerifier('pencil', salt)).toBe(
      'SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=',
    )
  })

  it('never contains the password', () => {
    expect(scramVerifier('pencil', salt)).not.toContain('pencil')
  })
})

describe('scramMatches', () => {
  it('matches the password it was made from, and no other', () => {
    const v = scramVerifier('s3cret-Ünïcode', Buffer.alloc(16, 7))
    expect(scramMatches(v, 's3cret-Ünïcode')).toBe(true)
    expect(scramMatches(v, 's3cret-unicode')).toBe(false)
    expect(scramMatches(v, '')).toBe(false)
  })

  it('is false for no password, an md5 hash and garbage, so the role gets a new verifier', () => {
    expect(scramMatches(null, 'x')).toBe(false)
    expect(scramMatches('md5a3556571e93b0d20722ba62be61e8c2d', 'x')).toBe(false)
    expect(scramMatches('SCRAM-SHA-256$0:AA==$AA==:AA==', 'x')).toBe(false)
    expect(scramMatches('SCRAM-SHA-256$4096:AA==$AA==:AA==', 'x')).toBe(false)
  })
})

describe('saslPrep', () => {
  it('leaves ASCII alone and maps non-ASCII spaces and soft hyphens as RFC 4013 does', () => {
    expect(saslPrep('pen cil')).toBe('pen cil')
    expect(saslPrep('pen\u00A0cil')).toBe('pen cil')
    expect(saslPrep('pen\u00ADcil')).toBe('pencil')
    expect(saslPrep('\u2168')).toBe('IX')
  })
})
