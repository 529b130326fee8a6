import {describe, expect, it} from 'vitest'
import {unfinishedPhases} from '../../../src/services/deploy/audit-phase.js'

describe('unfinishedPhases', () => {
  it('marks the phase a signal stopped as interrupted (it may have changed hosts) and the later ones not-run', () => {
    expect(unfinishedPhases(['containers', 'dns'], {signal: 'SIGTERM', running: 'containers'})).toEqual([
      {name: 'containers', status: 'interrupted', reason: 'a SIGTERM stopped the deploy while this phase ran; it may have changed hosts'},
      {name: 'dns', status: 'not-run', reason: 'a SIGTERM stopped the deploy during phase containers'},
    ])
  })

  it('a crash between phases leaves every remaining phase not-run', () => {
    expect(unfinishedPhases(['dns'], {})).toEqual([{name: 'dns', status: 'not-run', reason: 'an internal error stopped the deploy'}])
  })
})
