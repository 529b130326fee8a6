import {execFileSync} from 'node:child_process'
import {appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateIdentity} from 'age-encryption'
import {beforeAll, describe, expect, it} from 'vitest'
import {runKotadc as cli} from '../../helpers/cli.js'
import {LAB_CLI_TIMEOUT_MS, LAB_TEST_TIMEOUT_MS, labFenceEnv, labUpOrThrow, requireLab} from '../../helpers/lab.js'
import {labHooks} from '../../helpers/lab-state.js'

// Issue 11 acceptance, with the BUILT CLI on the lab's real hypervisor (libvirtd and QEMU in a lab container, TCG
// where KVM cannot run guests): two small VMs from the inventory are created, answer SSH with the host keys kotadc
// generated, take the base playbook, stay unchanged on a second deploy, restart only when asked, and a destroy needs
// the name typed in full and keeps the disk. The pool is this file's alone (no other lab test uses 10.1.0.0/16).
const repo = join(import.meta.dirname, '..', '..', '..')
const req = requireLab()
const site = `vmacc${process.pid}`
const pool = '10.1.0.0/16'
const SECOND_VM = `
  - name: arsip2
    kind: vm
    hypervisor: hv1
    cpus: 1
    memoryGiB: 1
    diskGiB: 10
    image: debian-12
    network: services
    address: 10.20.0.51
`

interface PingRow {
  host: string
  ok: boolean
  fingerprint: string | null
}
interface VmRow {
  name: string
  state: string
  memoryMiB: number | null
}

describe.skipIf(!req.ok)(
  `in the lab: VMs defined, booted and managed from the inventory${req.reason ? ` (skipped: ${req.reason})` : ''}`,
  {timeout: LAB_TEST_TIMEOUT_MS},
  () => {
    let tmp: string
    let env: Record<string, string>
    const kotadc = (...args: string[]) => cli([...args, '-i', join(tmp, 'inventory')], {cwd: tmp, timeoutMs: LAB_CLI_TIMEOUT_MS, env})
    const lab = (...args: string[]) => kotadc(...args, '--env', 'lab')
    const virsh = (...args: string[]): string =>
      execFileSync('docker', ['exec', `kotadc-lab-${site}-hv1`, 'virsh', '-c', 'qemu:///system', ...args], {encoding: 'utf8', timeout: 60_000})
    const vms = (): VmRow[] => lab('vm', 'list', '--json').json<VmRow[]>()

    beforeAll(async () => {
      tmp = mkdtempSync(join(tmpdir(), 'kotadc-accept-vms-'))
      cpSync(join(repo, 'test', 'fixtures', 'inventory', 'lab-small'), join(tmp, 'inventory'), {recursive: true})
      const siteFile = join(tmp, 'inventory', 'site.yaml')
      writeFileSync(siteFile, readFileSync(siteFile, 'utf8').replace('name: labsmall', `name: ${site}`))
      appendFileSync(join(tmp, 'inventory', 'agencies', 'dinkes.yaml'), SECOND_VM)
      // The vms phase keeps each VM's host key in secrets.age, encrypted to this test's own identity.
      writeFileSync(join(tmp, 'age.txt'), `${await generateIdentity()}\n`)
      env = {...labFenceEnv(pool), KOTADC_AGE_IDENTITY: join(tmp, 'age.txt')}
      labUpOrThrow(kotadc, pool)
    })
    labHooks(
      site,
      () => tmp,
      () => kotadc('lab', 'down', '--yes'),
    )

    it('deploy creates both VMs; each answers SSH with its own key, pinned from the first connection; the seed is removed', () => {
      const r = lab('deploy', '--phase', 'hypervisors', '--phase', 'vms', '--yes', '--json')
      expect(r.status, r.stderr + r.stdout).toBe(0)
      expect(vms().map((v) => [v.name, v.state])).toEqual([
        ['arsip', 'running'],
        ['arsip2', 'running'],
      ])
      const ping = lab('hosts', 'ping', '--json')
      expect(ping.status, ping.stderr + ping.stdout).toBe(0)
      const rows = ping.json<PingRow[]>().filter((p) => p.host.startsWith('arsip'))
      expect(rows.map((p) => [p.host, p.ok])).toEqual([
        ['arsip', true],
        ['arsip2', true],
      ])
      // Pinned from the first connection: the accepted key is the one loaded from secrets.age, per VM.
      expect(new Set(rows.map((p) => p.fingerprint)).size).toBe(2)
      // The seed volume (the only other copy of the private key) is gone after the first boot.
      expect(virsh('vol-list', 'kotadc')).not.toContain('seed')
    })

    it('run base reaches the VMs, and a second deploy changes nothing', () => {
      const base = lab('run', 'base', '--limit', 'arsip', '--limit', 'arsip2', '--yes', '--json')
      expect(base.status, base.stderr + base.stdout).toBe(0)
      expect(base.json<{summary: {failed: number; unreachable: number}}>().summary).toMatchObject({failed: 0, unreachable: 0})
      const again = lab('deploy', '--phase', 'hypervisors', '--phase', 'vms', '--yes', '--json')
      expect(again.status, again.stderr + again.stdout).toBe(0)
      expect(again.json<{phases: {name: string; status: string}[]}>().phases.map((p) => `${p.name}:${p.status}`)).toEqual([
        'hypervisors:unchanged',
        'vms:unchanged',
      ])
    })

    it('more memory is `restart needed` in plan, defined by deploy, and applied by vm restart', () => {
      // The lab overlay sets each VM's lab size; a raise there is what a raise in the agency file is on a site.
      const overlay = join(tmp, 'inventory', 'envs', 'lab.yaml')
      const text = readFileSync(overlay, 'utf8')
      const at = text.indexOf('name: arsip\n')
      expect(at).toBeGreaterThan(-1)
      writeFileSync(overlay, text.slice(0, at) + text.slice(at).replace('memoryGiB: 0.5', 'memoryGiB: 0.75'))
      const plan = lab('plan', '--phase', 'vms')
      expect(plan.status, plan.stderr + plan.stdout).toBe(2)
      expect(plan.stdout).toContain('restart needed arsip: memory 512 → 768 MiB')
      expect(lab('deploy', '--phase', 'vms', '--yes').status).toBe(0)
      const restart = lab('vm', 'restart', 'arsip')
      expect(restart.status, restart.stderr + restart.stdout).toBe(0)
      expect(vms().find((v) => v.name === 'arsip')).toMatchObject({state: 'running', memoryMiB: 768})
      expect(lab('plan', '--phase', 'vms').status).toBe(0)
    })

    it('vm destroy needs the name typed in full, then removes the domain and keeps the disk', () => {
      const refused = lab('vm', 'destroy', 'arsip2', '--yes')
      expect(refused.status).toBe(1)
      expect(refused.stderr).toContain('VM_DESTROY_UNCONFIRMED')
      expect(virsh('list', '--all', '--name')).toContain('arsip2')
      const destroyed = lab('vm', 'destroy', 'arsip2', '--yes', '--confirm', 'arsip2')
      expect(destroyed.status, destroyed.stderr + destroyed.stdout).toBe(0)
      expect(virsh('list', '--all', '--name')).not.toContain('arsip2')
      expect(virsh('vol-list', 'kotadc')).toContain('arsip2.qcow2')
    })
  },
)
