import {describe, expect, it} from 'vitest'
import {readSubsetProblem} from '../../../src/backup/read-subset.js'

describe('readSubsetProblem', () => {
  it.each(['5%', '100%', '0.5%', '1/4', '4/4', '1/1'])('accepts %s', (v) => expect(readSubsetProblem(v)).toBeUndefined())
  it.each([
    ['500%', 'is not a share of the data'],
    ['0%', 'is not a share of the data'],
    ['5/4', 'names no part'],
    ['0/4', 'names no part'],
    ['abc', 'neither a percentage'],
    ['5', 'neither a percentage'],
  ])('refuses %s', (v, why) => expect(readSubsetProblem(v)).toContain(why))
})
