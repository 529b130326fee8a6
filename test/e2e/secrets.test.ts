import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Decrypter, armor, generateIdentity, identityToRecipient} from 'age-encryption'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {REPO_ROOT, runKotadc, type CliOptions} from '../helpers/cli.js'

const built = existsSync(join(REPO_ROOT, 'dist', 'src', 'commands', 'secrets', 'set.js'))
const VALUE = 'smtp-pw-7f3a9c01e5'

/** Every file below `dir`, recursively. */
const filesIn = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesIn(join(dir, n)) : [join(dir, n)]))

/** Decrypts secrets.age with one identity, as a teammate with only that key would: the map, or the error. */
async function openWith(identity: string, file: string): Promise<Record<string, string> | Error> {
  const d = new Decrypter()
  d.addIdentity(identity)
  try {
    const text = await d.decrypt(armor.decode(readFileSync(file, 'latin1')), 'text')
    return Object.fromEntries(
      text
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
    )
  } catch (e) {
    return e as Error
  }
}

describe.skipIf(!built)(`kotadc secrets: a team's secrets.age${built ? '' : ' (skipped: npm run build first)'}`, () => {
  let repo: string
  let inv: string
  let secrets: string
  const ids: {alice: string; ci: string} = {alice: '', ci: ''}
  const keys: {alice: string; ci: string} = {alice: '', ci: ''}

  /** kotadc as alice (or another identity file), in the test repository. */
  const run = (argv: string[], opts: CliOptions & {as?: string} = {}) =>
    runKotadc([...argv, '-i', inv], {cwd: repo, ...opts, env: {KOTADC_AGE_IDENTITY: join(repo, `${opts.as ?? 'alice'}.txt`), ...opts.env}})

  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), 'kotadc-secrets-'))
    inv = join(repo, 'inventory')
    secrets = join(inv, 'secrets.age')
    cpSync(join(REPO_ROOT, 'test/fixtures/inventory/valid/minimal'), inv, {recursive: true})
    for (const who of ['alice', 'ci'] as const) {
      ids[who] = await generateIdentity()
      keys[who] = await identityToRecipient(ids[who])
      writeFileSync(join(repo, `${who}.txt`), `${ids[who]}\n`)
    }
  })
  afterAll(() => rmSync(repo, {recursive: true, force: true}))

  it('`secrets set` reads the value from stdin; it appears in no output, no argv and no plaintext file', async () => {
    const argv = ['secrets', 'set', 'SIMPUS_DB_PASSWORD', '--yes', '--json']
    const r = run(argv, {input: `${VALUE}\n`})
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.json()).toMatchObject({
      name: 'SIMPUS_DB_PASSWORD',
      action: 'created',
      usedBy: ['workload dinkes/simpus', 'workload dinkes/simpus-db'],
      length: VALUE.length,
    })
    expect(argv.join(' ')).not.toContain(VALUE)
    expect(r.stdout + r.stderr).not.toContain(VALUE)
    const list = run(['secrets', 'list'])
    expect(list.status).toBe(0)
    expect(list.stdout).toMatch(/SIMPUS_DB_PASSWORD\s+secrets\.age\s+ok/)
    expect(list.stdout + list.stderr).not.toContain(VALUE)
    for (const f of filesIn(repo)) expect(readFileSync(f, 'latin1'), f).not.toContain(VALUE)
    expect(await openWith(ids.alice, secrets)).toEqual({SIMPUS_DB_PASSWORD: VALUE})
  })

  it('without a terminal, a change needs --yes and writes nothing without it', () => {
    const before = readFileSync(secrets, 'latin1')
    const r = run(['secrets', 'generate', 'SIMPUS_APP_KEY', '--json'])
    expect(r.status).toBe(1)
    expect(r.json().error.code).toBe('CONFIRMATION_REQUIRED')
    expect(readFileSync(secrets, 'latin1')).toBe(before)
  })

  it('`secrets get` refuses without a terminal unless both --reveal and --json are given', () => {
    for (const argv of [['SIMPUS_DB_PASSWORD'], ['SIMPUS_DB_PASSWORD', '--reveal'], ['SIMPUS_DB_PASSWORD', '--json']]) {
      const r = run(['secrets', 'get', ...argv])
      expect(r.status, argv.join(' ')).toBe(1)
      expect(r.stdout + r.stderr).toContain('SECRET_REVEAL_REFUSED')
      expect(r.stdout + r.stderr).not.toContain(VALUE)
    }
    const r = run(['secrets', 'get', 'SIMPUS_DB_PASSWORD', '--reveal', '--json'])
    expect(r.status).toBe(0)
    expect(r.json()).toEqual({name: 'SIMPUS_DB_PASSWORD', value: VALUE})
  })

  it('with two recipients either identity decrypts; removing one re-encrypts so that it no longer can', async () => {
    const add = run(['secrets', 'recipients', 'add', keys.ci, '--label', 'ci', '--yes', '--json'])
    expect(add.status).toBe(0)
    expect(add.json()).toMatchObject({changed: true, added: keys.ci, recipients: [keys.alice, keys.ci]})
    expect(readFileSync(join(inv, 'recipients.txt'), 'utf8')).toContain(`${keys.ci} # ci`)
    expect(await openWith(ids.alice, secrets)).toEqual({SIMPUS_DB_PASSWORD: VALUE})
    expect(await openWith(ids.ci, secrets)).toEqual({SIMPUS_DB_PASSWORD: VALUE})
    expect(run(['secrets', 'get', 'SIMPUS_DB_PASSWORD', '--reveal', '--json'], {as: 'ci'}).json().value).toBe(VALUE)

    const remove = run(['secrets', 'recipients', 'remove', keys.ci, '--yes', '--json'])
    expect(remove.status).toBe(0)
    expect(remove.json()).toMatchObject({changed: true, removed: keys.ci, recipients: [keys.alice]})
    expect(await openWith(ids.alice, secrets)).toEqual({SIMPUS_DB_PASSWORD: VALUE})
    expect(await openWith(ids.ci, secrets)).toBeInstanceOf(Error)

    const denied = run(['secrets', 'list', '--json'], {as: 'ci'})
    expect(denied.status).toBe(1)
    const err = denied.json().error
    expect(err.code).toBe('SECRET_DECRYPT_FAILED')
    expect(err.message).toContain(`encrypted to the recipients in recipients.txt: ${keys.alice}`)
    expect(err.message).toContain(`the identity tried has public key ${keys.ci}`)
  })

  it('refuses to remove the last recipient or the identity in use', () => {
    const last = run(['secrets', 'recipients', 'remove', keys.alice, '--yes', '--json'])
    expect(last.json().error.code).toBe('SECRET_RECIPIENT_LOCKOUT')
    run(['secrets', 'recipients', 'add', keys.ci, '--yes'])
    const self = run(['secrets', 'recipients', 'remove', keys.ci, '--yes', '--json'], {as: 'ci'})
    expect(self.json().error.code).toBe('SECRET_RECIPIENT_LOCKOUT')
  })

  it('`secrets rotate` writes a new value and keeps the previous file as secrets.age.bak', async () => {
    const before = readFileSync(secrets, 'latin1')
    const r = run(['secrets', 'rotate', 'SIMPUS_DB_PASSWORD', '--yes', '--json'])
    expect(r.status).toBe(0)
    expect(r.json()).toMatchObject({action: 'replaced', usedBy: ['workload dinkes/simpus', 'workload dinkes/simpus-db'], length: 32})
    expect(readFileSync(`${secrets}.bak`, 'latin1')).toBe(before)
    const rotated = (await openWith(ids.alice, secrets)) as Record<string, string>
    expect(rotated.SIMPUS_DB_PASSWORD).toMatch(/^[\w-]{32}$/)
    expect(rotated.SIMPUS_DB_PASSWORD).not.toBe(VALUE)
    expect(r.stdout).not.toContain(rotated.SIMPUS_DB_PASSWORD)
    expect(await openWith(ids.alice, `${secrets}.bak`)).toEqual({SIMPUS_DB_PASSWORD: VALUE})
  })

  it('a write whose encryption fails leaves secrets.age and its backup as they were, and no temporary file', () => {
    const before = readFileSync(secrets, 'latin1')
    const bak = readFileSync(`${secrets}.bak`, 'latin1')
    const txt = join(inv, 'recipients.txt')
    const listed = readFileSync(txt, 'utf8')
    // Right alphabet and length, wrong checksum: only the encrypter finds out.
    const broken = keys.ci.slice(0, -1) + (keys.ci.endsWith('q') ? 'p' : 'q')
    writeFileSync(txt, listed.replace(keys.ci, broken))
    const r = run(['secrets', 'generate', 'SIMPUS_APP_KEY', '--yes', '--json'])
    writeFileSync(txt, listed)
    expect(r.status).toBe(1)
    expect(r.json().error.code).toBe('SECRET_RECIPIENT_INVALID')
    expect(readFileSync(secrets, 'latin1')).toBe(before)
    expect(readFileSync(`${secrets}.bak`, 'latin1')).toBe(bak)
    expect(readdirSync(inv).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })
})
