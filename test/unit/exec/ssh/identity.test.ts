import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {expandHome, resolveAuth} from '../../../../src/exec/ssh/identity.js'
import {UserError} from '../../../../src/errors/ops-error.js'
import {ed25519KeyPair} from '../../../helpers/ssh2-keys.js'

const ctx = {host: 'hv1', address: '10.10.0.11', port: 22, at: {file: 'inventory/site.yaml', line: 8, col: 3}}
let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kotadc-identity-'))
  const plain = ed25519KeyPair()
  writeFileSync(join(dir, 'plain'), plain.private)
  writeFileSync(join(dir, 'plain.pub'), plain.public)
  writeFileSync(join(dir, 'encrypted'), ed25519KeyPair({passphrase: 'pw', cipher: 'aes256-ctr', rounds: 2}).private)
  writeFileSync(join(dir, 'junk'), 'not a key\n')
  writeFileSync(join(dir, 'locked'), plain.private)
  chmodSync(join(dir, 'locked'), 0o000)
})

afterAll(() => rmSync(dir, {recursive: true, force: true}))

const reason = async (file: string): Promise<string> => {
  const err = await resolveAuth(join(dir, file), ctx, undefined).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(UserError)
  expect(err).toMatchObject({code: 'SSH_KEY_UNREADABLE', exitCode: 1, location: ctx.at})
  return (err as Error).message
}

describe('resolveAuth', () => {
  it('loads a private key file, preferring it over an agent', async () => {
    const auth = await resolveAuth(join(dir, 'plain'), ctx, '/run/agent.sock')
    expect(auth).toMatchObject({kind: 'key', method: `key ${join(dir, 'plain')}`})
  })

  it('falls back to the agent when no identity file is set', async () => {
    expect(await resolveAuth(undefined, ctx, '/run/agent.sock')).toEqual({kind: 'agent', agent: '/run/agent.sock', method: 'ssh-agent'})
  })

  it('refuses to go on with neither key nor agent', async () => {
    await expect(resolveAuth(undefined, ctx, undefined)).rejects.toMatchObject({code: 'SSH_KEY_UNREADABLE'})
  })

  it('says why a key file is unusable', async () => {
    expect(await reason('missing')).toContain('the file does not exist')
    expect(await reason('encrypted')).toContain('encrypted with a passphrase')
    expect(await reason('junk')).toContain('not a private key')
    expect(await reason('plain.pub')).toContain('public key, not a private key')
  })

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file (root reads everything, so only as a normal user)', async () => {
    expect(await reason('locked')).toContain('permission denied')
  })
})

describe('expandHome', () => {
  it('expands a leading ~ only', () => {
    expect(expandHome('~/.ssh/id', '/home/op')).toBe('/home/op/.ssh/id')
    expect(expandHome('~', '/home/op')).toBe('/home/op')
    expect(expandHome('/etc/~x', '/home/op')).toBe('/etc/~x')
    expect(expandHome('~other/x', '/home/op')).toBe('~other/x')
  })
})
