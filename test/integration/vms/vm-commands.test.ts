import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateIdentity, identityToRecipient} from 'age-encryption'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {connectSsh} from '../../../src/exec/ssh/connect.js'
import {writeSecretsMap} from '../../../src/exec/secrets-file.js'
import {loadInventory} from '../../../src/inventory/load.js'
import type {VmWorkload} from '../../../src/inventory/model.js'
import {applyAction} from '../../../src/services/vms/apply.js'
import {newHostKey} from '../../../src/services/vms/host-keys.js'
import {gatherHypervisor} from '../../../src/services/vms/virsh.js'
import {diskVolume, hostKeySecret, VM_POOL, VM_POOL_PATH} from '../../../src/vms/conventions.js'
import {renderDomainXml} from '../../../src/vms/domain-xml.js'
import {planHypervisor} from '../../../src/vms/plan.js'
import {renderSeed} from '../../../src/vms/seed.js'
import {runKotadc} from '../../helpers/cli.js'
import {ensurePool, removeLibvirtRun, requireLibvirt, virsh} from '../../helpers/libvirt.js'
import {startSshd, type Sshd} from '../../helpers/sshd.js'

const need = requireLibvirt()
const RUN = `kvc${process.pid}`
const TEMPLATES = join(import.meta.dirname, '../../../templates')
const lookup = (n: string): string | undefined => readFileSync(join(TEMPLATES, n), 'utf8')
const VM1 = `${RUN}-app`
const VM2 = `${RUN}-db`

describe.skipIf(!need.ok)(`kotadc vm and the vms phase on a real libvirtd, hypervisor on a loopback sshd ${need.reason ?? ''}`, () => {
  let sshd: Sshd
  let work: string
  let inv: string
  let env: Record<string, string>
  const kotadc = (...argv: string[]) => runKotadc([...argv, '-i', inv], {cwd: work, env, timeoutMs: 120_000})

  beforeAll(async () => {
    sshd = await startSshd()
    work = mkdtempSync(join(tmpdir(), 'kotadc-vmcmd-'))
    inv = join(work, 'inventory')
    mkdirSync(join(inv, 'agencies'), {recursive: true})
    const image = join(work, 'tiny.qcow2')
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', image, '64M'])
    const sum = createHash('sha256').update(readFileSync(image)).digest('hex')
    writeFileSync(
      join(inv, 'site.yaml'),
      `schemaVersion: 1
site: {name: vmcmd, domain: vm.example, timezone: UTC, ssh: {user: ${sshd.user}, port: ${sshd.port}, identityFile: ${sshd.clientKeyPath}}, admins: []}
networks:
  - {name: lo, cidr: 127.0.0.0/8, gateway: 127.0.0.254}
  - {name: services, cidr: 10.99.0.0/24, gateway: 10.99.0.1}
terraform: {backend: {type: local}}
images:
  - {name: tiny, file: ${RUN}-tiny.qcow2, sha256: ${sum}, source: ${image}}
`,
    )
    writeFileSync(
      join(inv, 'hosts.yaml'),
      `hosts:\n  - {name: hv1, address: 127.0.0.1, network: lo, roles: [hypervisor], hostKey: "${sshd.hostKeyFingerprint}", resources: {cpus: 8, memoryGiB: 8, diskGiB: 100}}\n`,
    )
    writeFileSync(
      join(inv, 'agencies', 'disdik.yaml'),
      `agency: {code: disdik, name: Dinas Pendidikan}
workloads:
  - {name: ${VM1}, kind: vm, hypervisor: hv1, cpus: 1, memoryGiB: 0.25, diskGiB: 1, image: tiny, network: services, address: 10.99.0.10}
  - {name: ${VM2}, kind: vm, hypervisor: hv1, cpus: 1, memoryGiB: 0.25, diskGiB: 1, image: tiny, network: services, address: 10.99.0.11}
`,
    )
    const identity = await generateIdentity()
    writeFileSync(join(work, 'age.txt'), `${identity}\n`, {mode: 0o600})
    await writeSecretsMap(inv, {[hostKeySecret(VM1)]: newHostKey(VM1), [hostKeySecret(VM2)]: newHostKey(VM2)}, [await identityToRecipient(identity)])
    // Only loopback may be contacted: the VMs' own addresses (10.99.0.x) are outside the fence.
    env = {KOTADC_AGE_IDENTITY: join(work, 'age.txt'), KOTADC_ALLOWED_NETWORKS: '127.0.0.0/8'}
    ensurePool(VM_POOL, VM_POOL_PATH)
    // Created as the vms phase creates them, all but booting (a boot needs the lab's bridge and guest image).
    const {inventory} = await loadInventory({dir: inv, environ: env})
    const shell = await connectSsh({
      host: 'hv1',
      address: '127.0.0.1',
      port: sshd.port,
      user: sshd.user,
      identityFile: sshd.clientKeyPath,
      hostKey: sshd.hostKeyFingerprint,
    })
    try {
      const vms = inventory.workloads.filter((w): w is VmWorkload => w.kind === 'vm')
      const plan = planHypervisor({
        hypervisor: 'hv1',
        vms,
        images: inventory.images,
        state: await gatherHypervisor(shell, 'hv1'),
        render: (v, o) => renderDomainXml(inventory, v, o, lookup),
        hasHostKey: () => true,
        restartVms: false,
      })
      const seedFor = (v: VmWorkload) =>
        renderSeed({
          name: v.name,
          domain: 'vm.example',
          loginUser: 'root',
          authorizedKeys: [],
          hostKey: {privateKey: 'x', publicKey: 'ssh-ed25519 AAAA x'},
          mac: '52:54:00:00:00:02',
          cidr: `${v.address}/24`,
          gateway: '10.99.0.1',
          nameservers: [],
        })
      for (const a of plan.actions)
        if (!['start', 'wait-ssh', 'remove-seed'].includes(a.kind))
          await applyAction({shell, hypervisor: 'hv1', seedFor, waitSsh: async () => undefined}, a)
    } finally {
      await shell.close()
    }
  }, 180_000)

  afterAll(async () => {
    await sshd?.stop()
    removeLibvirtRun(RUN, VM_POOL)
    if (work) rmSync(work, {recursive: true, force: true})
  }, 60_000)

  it('vm list --json reads libvirt: both VMs with their cpus, memory, disk and inventory address', () => {
    const r = kotadc('vm', 'list', '--json')
    expect(r.status, r.stderr).toBe(0)
    const rows = r.json<{name: string; state: string; cpus: number; memoryMiB: number; diskGiB: number; address: string; declared: boolean}[]>()
    expect(rows.filter((x) => x.name.startsWith(RUN))).toEqual([
      expect.objectContaining({
        name: VM1,
        agency: 'disdik',
        hypervisor: 'hv1',
        state: 'shut off',
        cpus: 1,
        memoryMiB: 256,
        diskGiB: 1,
        address: '10.99.0.10',
        declared: true,
      }),
      expect.objectContaining({name: VM2, state: 'shut off', address: '10.99.0.11', declared: true}),
    ])
  })

  it('plan --phase vms: only the boots are pending; a virsh edit of memory is drift, shown as the definition before and after', () => {
    const plan = kotadc('plan', '--phase', 'vms', '--json')
    expect(plan.status, plan.stderr).toBe(2)
    const hv = plan.json<{phases: {vms: {actions: string[]; diffs: unknown[]}[]}[]}>().phases[0]!.vms[0]!
    expect(hv.actions).toEqual([
      `start ${VM1}`,
      `wait for ${VM1} to answer SSH with its pinned host key`,
      `remove the first-boot seed of ${VM1}`,
      `start ${VM2}`,
      `wait for ${VM2} to answer SSH with its pinned host key`,
      `remove the first-boot seed of ${VM2}`,
    ])
    expect(hv.diffs).toEqual([])
    virsh('-q', 'setmaxmem', VM2, '524288', '--config')
    const drift = kotadc('drift', '--phase', 'vms')
    expect(drift.status, drift.stderr).toBe(2)
    expect(drift.stdout).toContain(`redefine ${VM2} (its definition differs)`)
    expect(drift.stdout).toMatch(/- memory: 512 MiB/)
    expect(drift.stdout).toMatch(/\+ memory: 256 MiB/)
  })

  it('vm destroy without --confirm is refused; with --yes --confirm NAME the domain goes and its disk stays', () => {
    const refused = kotadc('vm', 'destroy', VM1, '--yes', '--json')
    expect(refused.status).toBe(1)
    expect(refused.json<{error: {code: string}}>().error.code).toBe('VM_DESTROY_UNCONFIRMED')
    const wrong = kotadc('vm', 'destroy', VM1, '--yes', '--confirm', VM2)
    expect(wrong.status).toBe(1)
    expect(virsh('-q', 'list', '--all', '--name')).toContain(VM1)
    const done = kotadc('vm', 'destroy', VM1, '--yes', '--confirm', VM1, '--json')
    expect(done.status, done.stderr).toBe(0)
    expect(done.json()).toEqual({name: VM1, hypervisor: 'hv1', domainRemoved: true, disk: {volume: diskVolume({name: VM1}), deleted: false}})
    expect(virsh('-q', 'list', '--all', '--name')).not.toContain(VM1)
    expect(virsh('-q', 'vol-list', VM_POOL)).toContain(diskVolume({name: VM1}))
    const rows = kotadc('vm', 'list', '--json').json<{name: string; state: string}[]>()
    expect(rows.find((x) => x.name === VM1)?.state).toBe('absent')
  })

  it('an unknown VM name is refused with a did-you-mean', () => {
    const r = kotadc('vm', 'stop', `${VM2}x`, '--json')
    expect(r.status).toBe(1)
    expect(r.json<{error: {code: string; hint: string}}>().error).toMatchObject({code: 'VM_UNKNOWN', hint: `did you mean "${VM2}"?`})
  })
})
