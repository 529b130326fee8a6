import {describe, expect, it} from 'vitest'
import {typedNameConfirmer} from '../../../src/cli/confirm.js'

// vitest's stdin is no terminal: these are the answers a script or CI gets.
describe('vm destroy confirmation without a terminal', () => {
  it('proceeds only with --yes and --confirm naming the same VM', async () => {
    await expect(typedNameConfirmer('app1', true, 'app1')('destroy?')).resolves.toBeUndefined()
  })

  it('refuses --yes alone, --confirm alone and --confirm with another name', async () => {
    for (const [yes, name] of [
      [true, undefined],
      [false, 'app1'],
      [true, 'app2'],
      [false, undefined],
    ] as const)
      await expect(typedNameConfirmer('app1', yes, name)('destroy?')).rejects.toMatchObject({code: 'VM_DESTROY_UNCONFIRMED'})
  })
})
