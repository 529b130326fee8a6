import {describe, expect, it} from 'vitest'
import {renderError} from '../../../src/cli/render/error.js'
import {plain} from '../../../src/cli/style.js'
import {ExternalError, UserError} from '../../../src/errors/ops-error.js'
import {Problems} from '../../../src/errors/problems.js'

const user = (n: string) => new UserError({code: 'DEPLOY_SECRETS_MISSING', message: `secret ${n} missing`, hint: `set ${n}`})
const external = () => new ExternalError({code: 'TF_COMMAND_FAILED', message: 'terraform init failed'})

describe('Problems', () => {
  it('keeps checking after a failure and throws the worst problem carrying the others, in the order found', async () => {
    const p = new Problems()
    await p.check(() => {
      throw user('A')
    })
    await p.check(async () => Promise.reject(external()))
    await p.check(() => 'fine')
    p.add(user('B'))
    const err = (() => {
      try {
        p.throwIfAny()
      } catch (e) {
        return e as ExternalError
      }
      throw new Error('did not throw')
    })()
    expect(err.code).toBe('TF_COMMAND_FAILED')
    expect(err.exitCode).toBe(3)
    expect(err.also.map((e) => e.message)).toEqual(['secret A missing', 'secret B missing'])
    expect(err.toJSON().also).toEqual([
      expect.objectContaining({code: 'DEPLOY_SECRETS_MISSING', hint: 'set A'}),
      expect.objectContaining({hint: 'set B'}),
    ])
  })

  it('flattens a problem that already carries others; nothing found throws nothing', () => {
    const nested = user('A')
    nested.also = [user('B')]
    const p = new Problems()
    p.add(nested)
    p.add(user('C'))
    expect(p.found.map((e) => e.message)).toEqual(['secret A missing', 'secret B missing', 'secret C missing'])
    expect(() => new Problems().throwIfAny()).not.toThrow()
  })

  it('one cause tripping several checks is reported once', async () => {
    const p = new Problems()
    for (const phase of ['dns', 'proxy', 'backups']) await p.check(() => Promise.reject(Object.assign(user('SECRETS_AGE'), {phase})))
    expect(p.found).toHaveLength(1)
  })

  it('prints every problem with its fix, then the count', () => {
    const main = user('A')
    main.also = [user('B')]
    expect(renderError(main, plain)).toBe(
      'error: secret A missing  [DEPLOY_SECRETS_MISSING]\n  fix: set A\nerror: secret B missing  [DEPLOY_SECRETS_MISSING]\n  fix: set B\n2 problems found; fix each one above, then run again',
    )
  })
})
