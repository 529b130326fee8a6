import {execFileSync} from 'node:child_process'
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {connectSsh, type RemoteShell, type SshTarget} from '../../../src/exec/ssh/index.js'
import {hypervisorAccelFact} from '../../../src/facts/hypervisor-accel.js'
import {bridgeFor, macFor} from '../../../src/vms/conventions.js'
import {HYPERVISOR_POOL} from '../../../src/hypervisor/playbook.js'
import {LAB_VM_SIZE} from '../../../src/lab/plan.js'
import {sshFingerprint} from '../../../src/services/lab/keys.js'
import {renderCmd} from '../../../src/tasks/cmd.js'
import {shellQuote} from '../../../src/tasks/quote.js'
import {runKotadc as cli} from '../../helpers/cli.js'
import {dockerObjects, LAB_CLI_TIMEOUT_MS, LAB_TEST_TIMEOUT_MS, labFenceEnv, requireLab} from '../../helpers/lab.js'
import {renderSeed} from '../../../src/vms/seed.js'
import {renderDomainXml} from '../../../src/vms/domain-xml.js'
import {labSmallInventory} from './lab-small-inventory.js'

// A real hypervisor in the lab: the hypervisor playbook on a privileged lab container, then a Debian guest (the lab's
// own image, built from Debian's packages) booted by libvirt from a qcow2 overlay and a NoCloud seed carrying a host
// key this test generated, reached over the lab's docker network with exactly that key pinned.
const repo = join(import.meta.dirname, '..', '..', '..')
const req = requireLab()
const site = `hvboot${process.pid}`
const pool = `10.${60 + (process.pid % 20)}.0.0/16`
const VM = 'arsip'
// Under TCG on a loaded 2-core machine a boot can take minutes; KVM takes seconds. Only a hang comes near this.
const BOOT_WAIT_MS = 900_000

describe.skipIf(!req.ok)(
  `a lab hypervisor boots a guest from the lab image${req.reason ? ` (skipped: ${req.reason})` : ''}`,
  {timeout: LAB_TEST_TIMEOUT_MS},
  () => {
    let tmp: string
    let up: {
      hosts: {name: string; container: string; address: string; hostKey: string}[]
      identityFile: string
      guestImage: {file: string; sha256: string}
    }
    let hv: RemoteShell | undefined
    const kotadc = (...args: string[]) =>
      cli([...args, '-i', join(tmp, 'inventory')], {cwd: tmp, timeoutMs: LAB_CLI_TIMEOUT_MS, env: labFenceEnv(pool)})
    const hv1 = () => up.hosts.find((h) => h.name === 'hv1') ?? expect.fail('lab up started no hv1')
    const fence = () => ({networks: [pool], at: {file: 'test', line: 1, col: 1}})
    const target = (t: Omit<SshTarget, 'user' | 'port' | 'identityFile' | 'fence'>): SshTarget => ({
      ...t,
      user: 'kotadc',
      port: 22,
      identityFile: up.identityFile,
      fence: fence(),
    })
    const sudo = async (script: string, timeoutMs = 120_000): Promise<string> => {
      const r = await (hv ?? expect.fail('no connection to hv1')).run(`sudo -n sh -c ${shellQuote(script)}`, {timeoutMs})
      if (r.exitCode !== 0) throw new Error(`on hv1: ${script}\nexit ${r.exitCode}\n${r.stderr}${r.stdout}`)
      return r.stdout
    }

    // This process connects too (to hv1 and the guest): its own fence is narrowed to the test's pool like the CLI's.
    const fenceBefore = process.env.KOTADC_ALLOWED_NETWORKS
    beforeAll(() => {
      process.env.KOTADC_ALLOWED_NETWORKS = labFenceEnv(pool).KOTADC_ALLOWED_NETWORKS
      tmp = mkdtempSync(join(tmpdir(), 'kotadc-hvboot-'))
      cpSync(join(repo, 'test', 'fixtures', 'inventory', 'lab-small'), join(tmp, 'inventory'), {recursive: true})
      const siteFile = join(tmp, 'inventory', 'site.yaml')
      writeFileSync(siteFile, readFileSync(siteFile, 'utf8').replace('name: labsmall', `name: ${site}`))
      const r = kotadc('lab', 'up', '--pool', pool, '--json')
      if (r.status !== 0) throw new Error(`kotadc lab up failed (${r.status}):\n${r.stderr}\n${r.stdout}`)
      up = r.json()
    })
    afterAll(async () => {
      process.env.KOTADC_ALLOWED_NETWORKS = fenceBefore
      await hv?.close().catch(() => undefined)
      if (tmp === undefined) return
      // The guest, its disks and the bridge live inside hv1's container: lab down takes them with it.
      kotadc('lab', 'down', '--yes')
      rmSync(tmp, {recursive: true, force: true})
    })

    it('the hypervisors phase installs libvirt, the pool and the bridge; a second run changes nothing', () => {
      const deploy = () => kotadc('deploy', '--env', 'lab', '--phase', 'hypervisors', '--yes', '--json')
      const first = deploy()
      expect(first.status, `${first.stderr}\n${first.stdout}`).toBe(0)
      const tasks = first.json().phases[0].hosts.find((h: {host: string}) => h.host === 'hv1').tasks as {name: string; status: string}[]
      expect(tasks.filter((t) => t.status === 'changed').map((t) => t.name)).toEqual(
        expect.arrayContaining(['libvirtd service', `storage pool ${HYPERVISOR_POOL.name}`, `bridge ${bridgeFor('services')} on services`]),
      )
      const second = deploy()
      expect(second.status, second.stderr).toBe(0)
      expect(second.json().phases.map((p: {name: string; status: string}) => `${p.name}:${p.status}`)).toEqual(['hypervisors:unchanged'])
      // The playbook on its own, in check mode with diffs, as an operator previews it: nothing left to do.
      const check = kotadc('run', 'hypervisor', '--env', 'lab', '--check', '--diff', '--json')
      expect(check.status, check.stderr).toBe(0)
      expect(JSON.stringify(check.json())).not.toMatch(/"status":"(changed|failed)"/)
    })

    // The domain as the vms phase defines it (templates/vms/domain.xml), at the size the lab overlay gives VMs.
    const domainXml = (virtType: 'kvm' | 'qemu'): string => {
      const inv = labSmallInventory(site, join(tmp, 'inventory'))
      const vm = inv.workloads.find((w) => w.kind === 'vm' && w.name === VM)
      if (vm?.kind !== 'vm') return expect.fail(`the lab-small fixture has no VM ${VM}`)
      const lookup = (name: string): string | undefined => readFileSync(join(repo, 'templates', name), 'utf8')
      return renderDomainXml(inv, {...vm, ...LAB_VM_SIZE}, {virtType, withSeed: true}, lookup)
    }

    it('boots a guest from a qcow2 overlay and a NoCloud seed; it answers SSH at its lab address with the pinned host key', async () => {
      hv = await connectSsh(target({host: 'hv1', address: hv1().address, hostKey: hv1().hostKey}))
      const accel = hypervisorAccelFact().parse(await sudo(renderCmd(hypervisorAccelFact().command)), 0)
      console.log(`hv1 runs guests with ${accel.domainType}: ${accel.reason}`)

      // The base image goes in as the vms phase's upload would leave it: a volume of the pool, checked by sha256.
      const base = basename(up.guestImage.file)
      execFileSync('docker', ['cp', up.guestImage.file, `${hv1().container}:${HYPERVISOR_POOL.path}/${base}`])
      expect((await sudo(`sha256sum ${HYPERVISOR_POOL.path}/${base}`)).split(' ')[0]).toBe(up.guestImage.sha256)

      const keyDir = mkdtempSync(join(tmp, 'hostkey-'))
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${VM}@test`, '-f', join(keyDir, 'key')])
      const hostKey = {privateKey: readFileSync(join(keyDir, 'key'), 'utf8'), publicKey: readFileSync(join(keyDir, 'key.pub'), 'utf8').trim()}
      const overlay = parse(readFileSync(join(tmp, 'inventory', 'envs', 'lab.yaml'), 'utf8')) as {
        networks: {name: string; cidr: string; gateway: string}[]
        workloads: {name: string; address: string}[]
      }
      const services = overlay.networks.find((n) => n.name === 'services') ?? expect.fail('no services network in the overlay')
      const address = overlay.workloads.find((w) => w.name === VM)?.address ?? expect.fail(`no ${VM} in the overlay`)
      const mac = macFor(site, VM)
      // The seed as the vms phase writes it (src/vms/seed.ts), so this proves the image reads what kotadc sends.
      const rendered = renderSeed({
        name: VM,
        domain: 'lab.example',
        loginUser: 'kotadc',
        authorizedKeys: [readFileSync(`${up.identityFile}.pub`, 'utf8').trim()],
        hostKey,
        mac,
        cidr: `${address}/${services.cidr.split('/')[1]}`,
        gateway: services.gateway,
        nameservers: [services.gateway],
      })
      const seed = {'meta-data': rendered.metaData, 'user-data': rendered.userData.reveal(), 'network-config': rendered.networkConfig}
      const seedDir = `/tmp/seed-${VM}`
      await sudo(`rm -rf ${seedDir} && install -d -m 0700 -o kotadc ${seedDir}`)
      for (const [file, text] of Object.entries(seed)) await hv.put(`${seedDir}/${file}`, text, {mode: 0o600})
      const p = HYPERVISOR_POOL.path
      await sudo(
        `genisoimage -quiet -o ${p}/${VM}-seed.iso -V cidata -r -J ${seedDir} && rm -rf ${seedDir} && ` +
          `qemu-img create -q -f qcow2 -F qcow2 -b ${p}/${base} ${p}/${VM}.qcow2 4G && virsh pool-refresh ${HYPERVISOR_POOL.name}`,
      )
      await hv.put(`/tmp/${VM}.xml`, domainXml(accel.domainType))
      await sudo(`virsh define /tmp/${VM}.xml && rm /tmp/${VM}.xml`)

      const started = Date.now()
      await sudo(`virsh start ${VM}`)
      const pinned = target({host: VM, address, hostKey: sshFingerprint(hostKey.publicKey), readyTimeoutMs: 20_000})
      let guest: RemoteShell | undefined
      let last = ''
      for (let n = 0; guest === undefined; n++) {
        if (Date.now() - started > BOOT_WAIT_MS)
          throw new Error(`${VM} did not answer SSH at ${address} within ${BOOT_WAIT_MS / 1000} s (last: ${last})`)
        guest = await connectSsh(pinned).catch((e: unknown) => {
          last = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)
          return undefined
        })
        if (guest === undefined) {
          if (n % 6 === 0) console.log(`waiting for ${VM} at ${address}: ${Math.round((Date.now() - started) / 1000)} s (${last})`)
          const state = await sudo(`virsh domstate ${VM}`)
          if (!state.includes('running'))
            throw new Error(`${VM} is ${state.trim()}, not running:\n${await sudo(`tail -n 30 /var/log/libvirt/qemu/${VM}.log`)}`)
          await new Promise((r) => setTimeout(r, 5000))
        }
      }
      const bootSeconds = Math.round((Date.now() - started) / 100) / 10
      console.log(`${VM}: virsh start to SSH with the pinned key in ${bootSeconds} s (${accel.domainType})`)
      try {
        const r = await guest.run('hostname; ip -4 -o addr show eth0; sudo -n true && echo sudo-ok')
        expect(r.stdout).toContain(VM)
        expect(r.stdout).toContain(`${address}/`)
        expect(r.stdout).toContain('sudo-ok')
      } finally {
        await guest.close()
      }

      // Pinning is enforced, not decorative: the same guest under any other expected key is refused.
      const otherDir = mkdtempSync(join(tmp, 'otherkey-'))
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(otherDir, 'key')])
      const wrong = sshFingerprint(readFileSync(join(otherDir, 'key.pub'), 'utf8'))
      await expect(connectSsh({...pinned, hostKey: wrong})).rejects.toMatchObject({code: expect.stringMatching(/HOST_KEY/)})
      rmSync(keyDir, {recursive: true, force: true})
    })

    it('lab down removes the hypervisor with its guest, disks and bridge: no container or network of the site is left', () => {
      const r = kotadc('lab', 'down', '--yes')
      expect(r.status, r.stderr).toBe(0)
      expect(dockerObjects('containers', `kotadc.lab=${site}`)).toEqual([])
      expect(dockerObjects('networks', `kotadc.lab=${site}`)).toEqual([])
      // Nothing of the guest outlives its container: no QEMU process of this site on this machine.
      expect(execFileSync('ps', ['-eo', 'args'], {encoding: 'utf8'})).not.toContain(`guest=${VM},`)
    })
  },
)
