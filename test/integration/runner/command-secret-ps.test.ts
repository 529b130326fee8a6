import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {loadInventory} from '../../../src/inventory/load.js'
import {runPlaybook} from '../../../src/services/run-playbook.js'
import {requireBinary} from '../../helpers/require.js'
import type {Sshd} from '../../helpers/sshd.js'
import {startSshd} from '../../helpers/sshd.js'
import {writeSshdInventory} from '../../helpers/sshd-inventory.js'

const req = requireBinary('sshd', 'ssh-keygen', 'ps')
const run = promisify(execFile)

// The attack: any user on a managed host runs `ps` (or reads /proc/*/cmdline) while kotadc runs a command that
// carries a secret, and reads the secret. The host here is a real sshd on loopback, so its processes are ours to see.
describe.skipIf(!req.ok)(`a command's secret never shows in the host's process list${req.reason ? ` (skipped: ${req.reason})` : ''}`, () => {
  let sshd: Sshd
  let repo: string
  const SECRET = `pw-${process.pid}-s3cr3t`
  const MARKER = `kotadc-ps-marker-${process.pid}`

  beforeAll(async () => {
    sshd = await startSshd()
    repo = mkdtempSync(join(tmpdir(), 'kotadc-ps-'))
    writeSshdInventory(repo, sshd)
  })

  afterAll(async () => {
    await sshd?.stop()
    if (repo) rmSync(repo, {recursive: true, force: true})
  })

  it('a secret passed with stdin: reaches the command, and no sample of ps during the run contains it', async () => {
    const out = join(repo, 'received')
    // The command keeps running for a while so the sampler sees it; the marker proves the sampler saw it.
    const script = `: ${MARKER}; umask 077; cat > "$1"; sleep 1.5`
    writeFileSync(
      join(repo, 'inventory/playbooks/secret.yaml'),
      [
        'targets: [web1]',
        'tasks:',
        '  - name: take the secret',
        `    command: {argv: [sh, -c, '${script}', sh, ${out}], stdin: !secret SITE_DB_PASSWORD}`,
        '',
      ].join('\n'),
    )
    const environ = {KOTADC_SECRET_SITE_DB_PASSWORD: SECRET}
    const {inventory} = await loadInventory({dir: join(repo, 'inventory'), cwd: repo, environ})
    const samples: string[] = []
    let done = false
    const sampler = (async () => {
      while (!done) samples.push((await run('ps', ['-eo', 'args'], {maxBuffer: 8 << 20})).stdout)
    })()
    const result = await runPlaybook(inventory, {playbook: 'secret', check: false, diff: false, cwd: repo, environ}).finally(() => {
      done = true
    })
    await sampler
    expect(result.summary.failed + result.summary.unreachable).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(SECRET)
    expect(samples.some((s) => s.includes(MARKER))).toBe(true)
    expect(samples.filter((s) => s.includes(SECRET))).toEqual([])
  })
})
