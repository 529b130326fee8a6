import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {verifiedHostKeys} from '../../../src/exec/ssh/connect.js'
import {opensshCommand, opensshOptions, pinnedKnownHostsFile, writePinnedKnownHosts} from '../../../src/exec/ssh/openssh.js'
import {requireBinary} from '../../helpers/require.js'
import type {Sshd} from '../../helpers/sshd.js'
import {sshdTarget, startSshd} from '../../helpers/sshd.js'

// The OpenSSH client is what terraform's docker provider runs (DOCKER_HOST=ssh://, its ssh_opts) and what restic's
// SFTP backend runs: these tests give it the options kotadc generates and a real sshd on loopback.
const req = requireBinary('sshd', 'ssh', 'ssh-keygen', 'restic')
const skipped = req.reason ? ` (skipped: ${req.reason})` : ''

const targetOf = sshdTarget

describe.skipIf(!req.ok)(`OpenSSH clients trust only the inventory's pins${skipped}`, () => {
  let bastion: Sshd
  let inner: Sshd
  let project: string
  // An empty HOME: the operator's own ~/.ssh/known_hosts and config must play no part.
  let home: string
  const ssh = (argv: string[]) =>
    spawnSync(argv[0]!, argv.slice(1), {
      encoding: 'utf8',
      timeout: 30_000,
      env: {PATH: process.env.PATH, HOME: home},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  const db1 = () => targetOf(inner, 'db1', 12)
  const viaBastion = () => ({...db1(), jump: targetOf(bastion, 'bastion', 3)})

  beforeAll(async () => {
    ;[bastion, inner] = await Promise.all([startSshd({logLevel: 'DEBUG1'}), startSshd()])
    project = mkdtempSync(join(tmpdir(), 'kotadc-openssh-'))
    home = mkdtempSync(join(tmpdir(), 'kotadc-home-'))
  })
  afterAll(async () => {
    await Promise.all([bastion?.stop(), inner?.stop()])
    rmSync(project, {recursive: true, force: true})
    rmSync(home, {recursive: true, force: true})
  })

  it('with the right pin, ssh with the generated options reaches the host; the known_hosts is private (0600 in 0700)', async () => {
    const file = await writePinnedKnownHosts(project, [db1()], verifiedHostKeys)
    expect(file).toBe(pinnedKnownHostsFile(project))
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700)
    expect(readFileSync(file, 'utf8')).toContain(`[127.0.0.1]:${inner.port} ${inner.hostPublicKey}`)
    expect(opensshOptions(db1(), file)).toEqual(
      expect.arrayContaining(['StrictHostKeyChecking=yes', `UserKnownHostsFile=${file}`, 'GlobalKnownHostsFile=/dev/null']),
    )
    const r = ssh(opensshCommand(db1(), file, ['echo', 'pinned-ok']))
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('pinned-ok\n')
  })

  it("with a wrong pin, nothing is written and the typed error names the host, both fingerprints and the pin's location", async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'kotadc-openssh-'))
    try {
      const err = await writePinnedKnownHosts(fresh, [{...db1(), hostKey: bastion.hostKeyFingerprint}], verifiedHostKeys).catch((e: unknown) => e)
      expect(err).toMatchObject({code: 'SSH_HOST_KEY_MISMATCH', host: 'db1', location: {file: 'inventory/hosts.yaml', line: 12}})
      expect((err as Error).message).toContain(bastion.hostKeyFingerprint)
      expect((err as Error).message).toContain(inner.hostKeyFingerprint)
      expect(existsSync(pinnedKnownHostsFile(fresh))).toBe(false)
    } finally {
      rmSync(fresh, {recursive: true, force: true})
    }
  })

  it('a host presenting another key than the one written (a machine in the middle) is refused by ssh itself', async () => {
    const file = await writePinnedKnownHosts(project, [db1()], verifiedHostKeys)
    const forged = join(project, 'forged_known_hosts')
    writeFileSync(forged, readFileSync(file, 'utf8').replace(inner.hostPublicKey, bastion.hostPublicKey), {mode: 0o600})
    const r = ssh(opensshCommand(db1(), forged, ['echo', 'should-not-run']))
    expect(r.status).toBe(255)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('Host key verification failed')
  })

  it('through a jump host: both keys are checked, and the jump connection carries the same options', async () => {
    const file = await writePinnedKnownHosts(project, [viaBastion()], verifiedHostKeys)
    const text = readFileSync(file, 'utf8')
    expect(text).toContain(`[127.0.0.1]:${bastion.port} ${bastion.hostPublicKey}`)
    expect(text).toContain(`[127.0.0.1]:${inner.port} ${inner.hostPublicKey}`)
    const proxy = opensshOptions(viaBastion(), file).find((o) => o.startsWith('ProxyCommand='))
    expect(proxy).toContain('StrictHostKeyChecking=yes')
    expect(proxy).toContain(`UserKnownHostsFile=${file}`)
    const r = ssh(opensshCommand(viaBastion(), file, ['echo', 'via-jump']))
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('via-jump\n')
    expect(bastion.log()).toMatch(new RegExp(`127\\.0\\.0\\.1 port ${inner.port}`))
    // A forged key for the jump host alone stops the jump connection too.
    const forged = join(project, 'forged_jump')
    writeFileSync(
      forged,
      text.replace(`[127.0.0.1]:${bastion.port} ${bastion.hostPublicKey}`, `[127.0.0.1]:${bastion.port} ${inner.hostPublicKey}`),
      {mode: 0o600},
    )
    const bad = ssh(opensshCommand(viaBastion(), forged, ['echo', 'should-not-run']))
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toContain('Host key verification failed')
    // And a wrong pin of the jump host is a typed error naming the jump host.
    const err = await writePinnedKnownHosts(
      project,
      [{...viaBastion(), jump: {...targetOf(bastion, 'bastion', 3), hostKey: inner.hostKeyFingerprint}}],
      verifiedHostKeys,
    ).catch((e: unknown) => e)
    expect(err).toMatchObject({code: 'SSH_HOST_KEY_MISMATCH', host: 'bastion', location: {line: 3}})
  })

  it('restic over SFTP with StrictHostKeyChecking=yes fails loudly when the host key is not the pinned one', () => {
    const forged = join(project, 'forged_restic')
    writeFileSync(forged, `[127.0.0.1]:${inner.port} ${bastion.hostPublicKey}\n`, {mode: 0o600})
    // The shape of the source hosts' sftp.command (restic-args.ts), with this sshd's user, key and a forged known_hosts.
    const argv = ['ssh', ...opensshOptions(db1(), forged), '-p', String(inner.port), `${inner.user}@127.0.0.1`, '-s', 'sftp']
    const sftp = argv.join(' ')
    const r = spawnSync('restic', ['-o', `sftp.command=${sftp}`, '--repo', `sftp:${inner.user}@127.0.0.1:${join(inner.dir, 'repo')}`, 'init'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {PATH: process.env.PATH, HOME: home, RESTIC_PASSWORD: 'x', RESTIC_CACHE_DIR: join(home, 'cache')},
    })
    expect(r.status).not.toBe(0)
    // restic relays ssh's own message when it reads it before exiting; the ssh command alone always shows the cause.
    expect(r.stderr).toMatch(/Host key verification failed|unable to start the sftp session/)
    expect(existsSync(join(inner.dir, 'repo'))).toBe(false)
    expect(ssh(argv).stderr).toContain('Host key verification failed')
  })
})
