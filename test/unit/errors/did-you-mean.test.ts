import {describe, expect, it} from 'vitest'
import {didYouMean, editDistance, suggest, suggestAll, typoLimit} from '../../../src/errors/did-you-mean.js'

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('adress', 'address')).toBe(1)
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('hsots', 'hosts')).toBe(2)
  })
})

describe('one threshold for every did-you-mean', () => {
  it('allows one edit below four letters, then two or a third of the word', () => {
    expect([1, 3, 4, 6, 9, 12].map((n) => typoLimit('x'.repeat(n)))).toEqual([1, 1, 2, 2, 3, 4])
  })

  it('suggests plausible typos of keys, case ignored, and nothing unrelated', () => {
    expect(suggest('adress', ['name', 'address', 'network'])).toBe('address')
    expect(suggest('Roles', ['roles'])).toBe('roles')
    expect(suggest('hsots', ['hosts', 'sites'])).toBe('hosts')
    expect(suggest('tagets', ['targets', 'tasks'])).toBe('targets')
    expect(suggest('monitoring', ['site', 'networks'])).toBeUndefined()
    expect(suggest('ab', ['xy'])).toBeUndefined()
    expect(suggest('cmd', ['cpu'])).toBeUndefined()
  })

  it('ranks typos before substring matches and drops unrelated names', () => {
    expect(suggestAll('docker', ['docker1', 'docker2', 'db1', 'hv1'])).toEqual(['docker1', 'docker2'])
    expect(suggestAll('zzz', ['docker1', 'db1'])).toEqual([])
    expect(suggestAll('office', ['e-office', 'e-office-db', 'portal'])).toEqual(['e-office', 'e-office-db'])
    expect(suggestAll('web', ['web1', 'web2', 'web3', 'web4'])).toHaveLength(3)
  })

  it('phrases the start of a hint', () => {
    expect(didYouMean(undefined)).toBe('')
    expect(didYouMean([])).toBe('')
    expect(didYouMean('hosts')).toBe('did you mean "hosts"? ')
    expect(didYouMean(['a', 'b'])).toBe('did you mean "a" or "b"? ')
  })
})
