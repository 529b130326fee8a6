import {describe, expect, it} from 'vitest'
import {confirmer} from '../../../src/cli/confirm.js'

// vitest's stdin is no terminal, so every confirmer here refuses as it would in CI.
describe('confirmer without a terminal', () => {
  it('names the preview command of commands that have one', async () => {
    await expect(confirmer('kotadc deploy', false, 'kotadc plan')('deploy?')).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      hint: 'rerun with --yes (env KOTADC_YES=true); see first what it would do with kotadc plan',
    })
  })

  it('suggests no --check to a command that has none', async () => {
    const err = await confirmer('kotadc backup restore --in-place', false)('restore?').catch((e: {hint: string}) => e)
    expect(err).toMatchObject({code: 'CONFIRMATION_REQUIRED'})
    expect((err as {hint: string}).hint).toBe('rerun with --yes (env KOTADC_YES=true)')
  })

  it('--yes proceeds without asking', async () => {
    await expect(confirmer('kotadc deploy', true)('deploy?')).resolves.toBeUndefined()
  })
})
