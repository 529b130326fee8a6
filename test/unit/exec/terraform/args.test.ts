import {describe, expect, it} from 'vitest'
import {applyArgs, initArgs, planArgs, showJsonArgs, versionArgs} from '../../../../src/exec/terraform/args.js'

describe('terraform argument builders', () => {
  it.each([
    ['version', versionArgs(), ['version', '-json']],
    ['init, no tty', initArgs(), ['init', '-input=false', '-no-color']],
    ['init on a tty with a lock timeout', initArgs({tty: true, lockTimeoutSeconds: 30}), ['init', '-input=false', '-lock-timeout=30s']],
    ['init -reconfigure -upgrade', initArgs({reconfigure: true, upgrade: true}), ['init', '-input=false', '-no-color', '-reconfigure', '-upgrade']],
    ['plan', planArgs({out: 'p.tfplan'}), ['plan', '-input=false', '-no-color', '-out=p.tfplan']],
    [
      'plan for drift',
      planArgs({out: 'd.tfplan', refreshOnly: true, lockTimeoutSeconds: 0}),
      ['plan', '-input=false', '-no-color', '-lock-timeout=0s', '-refresh-only', '-out=d.tfplan'],
    ],
    ['plan to destroy', planArgs({out: 'x', destroy: true, tty: true}), ['plan', '-input=false', '-destroy', '-out=x']],
    ['show -json', showJsonArgs('p.tfplan'), ['show', '-json', '-no-color', 'p.tfplan']],
    [
      'apply exactly the plan',
      applyArgs({planFile: 'p.tfplan', lockTimeoutSeconds: 60}),
      ['apply', '-input=false', '-no-color', '-lock-timeout=60s', 'p.tfplan'],
    ],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected)
  })

  it('never lets plan or apply prompt', () => {
    for (const args of [initArgs({tty: true}), planArgs({out: 'p', tty: true}), applyArgs({planFile: 'p', tty: true})])
      expect(args).toContain('-input=false')
    expect(applyArgs({planFile: 'p'})).not.toContain('-auto-approve')
  })
})
