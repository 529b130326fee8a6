import {spawn} from 'node:child_process'
import {chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Encrypter, generateIdentity, identityToRecipient} from 'age-encryption'
import {afterAll, describe, expect, it} from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const built = existsSync(join(root, 'dist', 'src', 'commands', 'pki', 'init.js'))

/** Every readable file under `dir` that holds PEM private key material. */
function keyFiles(dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, {withFileTypes: true})) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...keyFiles(p))
    else if (e.isFile() && statSync(p).size < 1 << 20 && readFileSync(p, 'latin1').includes('PRIVATE KEY-----')) out.push(p)
  }
  return out
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

// The attack: kotadc is killed (SIGKILL: no handler runs) while openssl works on the CA key; whatever the key was
// written to stays behind, readable. kotadc hands the key to openssl on a pipe, so nothing is ever left.
describe.skipIf(!built)(
  `the CA key never touches the disk, even when kotadc is killed mid-operation${built ? '' : ' (skipped: npm run build first)'}`,
  () => {
    const dirs: string[] = []
    afterAll(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})))

    it('SIGKILL of `kotadc pki init` while openssl holds the key leaves no key material in TMPDIR or the repository', async () => {
      const repo = mkdtempSync(join(tmpdir(), 'kotadc-pki-kill-'))
      dirs.push(repo)
      const tmp = join(repo, 'tmp')
      const bin = join(repo, 'bin')
      mkdirSync(tmp)
      mkdirSync(bin)
      cpSync(join(root, 'test/fixtures/inventory/valid/minimal'), join(repo, 'inventory'), {recursive: true})
      const identity = await generateIdentity()
      writeFileSync(join(repo, 'age.txt'), `${identity}\n`)
      const e = new Encrypter()
      e.addRecipient(await identityToRecipient(identity))
      writeFileSync(join(repo, 'inventory/secrets.age'), await e.encrypt('API_TOKEN: abc\n'))
      // An openssl that announces itself and then hangs with the key unread: the moment to kill kotadc.
      const mark = join(repo, 'openssl-started')
      writeFileSync(join(bin, 'openssl'), `#!/bin/sh\necho "$@" > "${mark}"\nexec sleep 120\n`)
      chmodSync(join(bin, 'openssl'), 0o755)

      const child = spawn(process.execPath, [join(root, 'bin/run.js'), 'pki', 'init', '-i', join(repo, 'inventory'), '--json'], {
        cwd: repo,
        detached: true,
        stdio: 'ignore',
        env: {...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, TMPDIR: tmp, KOTADC_AGE_IDENTITY: join(repo, 'age.txt')},
      })
      const exited = new Promise<void>((r) => child.once('exit', () => r()))
      try {
        await until(() => existsSync(mark), 30_000)
        expect(readFileSync(mark, 'utf8')).toContain('req -x509')
        expect(keyFiles(repo)).toEqual([])
      } finally {
        // The whole process group: kotadc, the shell, cat and the fake openssl, as a power cut would.
        process.kill(-(child.pid as number), 'SIGKILL')
        await exited
      }
      expect(keyFiles(repo)).toEqual([])
      // The scan does find key material where there is some.
      writeFileSync(join(tmp, 'decoy.pem'), '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n')
      expect(keyFiles(repo)).toEqual([join(tmp, 'decoy.pem')])
    })
  },
)
