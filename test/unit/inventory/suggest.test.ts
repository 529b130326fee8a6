import {describe, expect, it} from 'vitest'
import {editDistance, suggest} from '../../../src/inventory/validate/suggest.js'

describe('suggest', () => {
  it('measures edits', () => {
    expect(editDistance('adress', 'address')).toBe(1)
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
  })
  it('suggests close keys only', () => {
    expect(suggest('adress', ['name', 'address', 'network'])).toBe('address')
    expect(suggest('Roles', ['roles'])).toBe('roles')
    expect(suggest('monitoring', ['site', 'networks'])).toBeUndefined()
  })
})
