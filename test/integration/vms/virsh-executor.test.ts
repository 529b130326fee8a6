import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {connectSsh} from '../../../src/exec/ssh/connect.js'
import type {RemoteShell} from '../../../src/exec/ssh/types.js'
import type {Inventory, VmImage, VmWorkload} from '../../../src/inventory/model.js'
import {applyAction} from '../../../src/services/vms/apply.js'
import {gatherHypervisor} from '../../../src/services/vms/virsh.js'
import {diskVolume, GIB, seedVolume, VM_POOL, VM_POOL_PATH} from '../../../src/vms/conventions.js'
import {renderDomainXml} from '../../../src/vms/domain-xml.js'
import {planHypervisor, type VmAction} from '../../../src/vms/plan.js'
import {renderSeed} from '../../../src/vms/seed.js'
import {newHostKey} from '../../../src/services/vms/host-keys.js'
import {parsePrivateKeyFile, publicKeyLine} from '../../../src/vms/openssh-key.js'
import {ensurePool, removeLibvirtRun, requireLibvirt, virsh} from '../../helpers/libvirt.js'
import {startSshd, sshdTarget, type Sshd} from '../../helpers/sshd.js'

const need = requireLibvirt()
const RUN = `kvt${process.pid}`
const TEMPLATES = join(import.meta.dirname, '../../../templates')
const lookup = (n: string): string | undefined => readFileSync(join(TEMPLATES, n), 'utf8')
const AT = {file: 'inventory/agencies/disdik.yaml', line: 5, col: 5}
const SITE = {site: {name: 'vmtest', domain: 'vm.example', timezone: 'UTC', ssh: {user: 'root', port: 22}, admins: []}} as Pick<Inventory, 'site'>

describe.skipIf(!need.ok)(`the vms executor on a real libvirtd over SSH ${need.reason ?? ''}`, () => {
  let sshd: Sshd
  let shell: RemoteShell
  let work: string
  let image: VmImage
  const vm = (name: string, over: Partial<VmWorkload> = {}): VmWorkload => ({
    name: `${RUN}-${name}`,
    kind: 'vm',
    agency: 'disdik',
    cpus: 1,
    memoryGiB: 0.25,
    diskGiB: 1,
    image: 'tiny',
    network: 'services',
    address: '10.99.0.10',
    at: AT,
    ...over,
  })
  const a = vm('a')
  const b = vm('b', {address: '10.99.0.11'})
  const plan = async (vms: VmWorkload[], restartVms = false) =>
    planHypervisor({
      hypervisor: 'hv1',
      vms,
      images: [image],
      state: await gatherHypervisor(shell, 'hv1'),
      render: (v, o) => renderDomainXml(SITE, v, o, lookup),
      hasHostKey: () => true,
      restartVms,
    })
  const key = parsePrivateKeyFile(newHostKey('x'))!
  const ctx = () => ({
    shell,
    hypervisor: 'hv1',
    seedFor: (v: VmWorkload) =>
      renderSeed({
        name: v.name,
        domain: 'vm.example',
        loginUser: 'kotadc',
        authorizedKeys: [],
        hostKey: {privateKey: newHostKey(v.name), publicKey: publicKeyLine(key.publicKey, 'x')},
        mac: '52:54:00:00:00:01',
        cidr: `${v.address}/24`,
        gateway: '10.99.0.1',
        nameservers: [],
      }),
    waitSsh: async () => undefined,
  })
  // Everything but booting: the guest would need a bridge and a bootable image, which the lab's boot test has.
  const applyAllBut = async (actions: VmAction[], skip: VmAction['kind'][]) => {
    for (const act of actions) if (!skip.includes(act.kind)) await applyAction(ctx(), act)
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kotadc-vms-'))
    const file = join(work, `${RUN}-tiny.qcow2`)
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, '64M'])
    image = {
      name: 'tiny',
      file: `${RUN}-tiny.qcow2`,
      sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
      source: file,
      format: 'qcow2',
      at: AT,
    }
    // The hypervisor playbook's job on a real site; here the machine's own libvirtd gets the pool once.
    ensurePool(VM_POOL, VM_POOL_PATH)
    sshd = await startSshd()
    shell = await connectSsh(sshdTarget(sshd, 'hv1', 1))
  }, 60_000)

  afterAll(async () => {
    await shell?.close()
    await sshd?.stop()
    removeLibvirtRun(RUN, VM_POOL)
    rmSync(work, {recursive: true, force: true})
  }, 60_000)

  it('creates two VMs (image once, disks backed by it, seeds, definitions, autostart); libvirt then holds them as planned', async () => {
    const first = await plan([a, b])
    expect(first.problems).toEqual([])
    expect(first.actions.filter((x) => x.kind === 'upload-image')).toHaveLength(1)
    await applyAllBut(first.actions, ['start', 'wait-ssh', 'remove-seed'])
    const again = await plan([a, b])
    // Only booting is left: nothing uploaded, created or defined twice.
    expect(again.actions.map((x) => `${x.kind} ${'vm' in x ? x.vm.name : ''}`)).toEqual([
      `start ${a.name}`,
      `wait-ssh ${a.name}`,
      `remove-seed ${a.name}`,
      `start ${b.name}`,
      `wait-ssh ${b.name}`,
      `remove-seed ${b.name}`,
    ])
    const vol = virsh('vol-dumpxml', '--pool', VM_POOL, diskVolume(a))
    expect(vol).toContain(`${VM_POOL_PATH}/${image.file}`)
    expect(Number(/<capacity unit='bytes'>(\d+)</.exec(vol)?.[1])).toBe(GIB)
    expect(virsh('-q', 'vol-list', VM_POOL)).toContain(seedVolume(a))
    expect(virsh('dominfo', a.name)).toMatch(/Autostart:\s+enable/)
  }, 120_000)

  it('the seed volume is a NoCloud ISO (label cidata) and removing it leaves the definition unchanged', async () => {
    const path = virsh('-q', 'vol-path', '--pool', VM_POOL, seedVolume(b)).trim()
    expect(execFileSync('blkid', ['-o', 'value', '-s', 'LABEL', path], {encoding: 'utf8'}).trim()).toBe('cidata')
    await applyAction(ctx(), {kind: 'remove-seed', vm: b, running: false})
    expect(virsh('-q', 'vol-list', VM_POOL)).not.toContain(seedVolume(b))
    const p = await plan([b])
    expect(p.actions.map((x) => x.kind)).toEqual(['start', 'wait-ssh'])
  }, 60_000)

  it('a virsh edit of memory is a difference (redefined, restart needed once running); a larger disk grows, a smaller one is refused', async () => {
    virsh('-q', 'setmaxmem', a.name, '524288', '--config')
    const drift = await plan([a])
    expect(drift.actions.find((x) => x.kind === 'define')).toMatchObject({
      before: expect.arrayContaining(['memory: 512 MiB']),
      after: expect.arrayContaining(['memory: 256 MiB']),
    })
    const grown = await plan([{...a, diskGiB: 2}])
    const grow = grown.actions.find((x) => x.kind === 'grow-disk')!
    await applyAction(ctx(), grow)
    expect((await plan([{...a, diskGiB: 2}])).actions.some((x) => x.kind === 'grow-disk')).toBe(false)
    const shrunk = await plan([{...a, diskGiB: 1}])
    expect(shrunk.problems.map((e) => e.code)).toEqual(['VM_DISK_SHRINK'])
  }, 60_000)

  it('reports a domain defined by hand as an orphan and never touches it', async () => {
    const xml = `<domain type='qemu'><name>${RUN}-hand</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>`
    writeFileSync(join(work, 'hand.xml'), xml)
    virsh('define', join(work, 'hand.xml'))
    const p = await plan([a, b])
    expect(p.orphans).toContainEqual({name: `${RUN}-hand`, state: 'shut off'})
    expect(p.actions.some((x) => 'vm' in x && x.vm.name === `${RUN}-hand`)).toBe(false)
  }, 60_000)

  it('a pool copy of the image with another sum is refused, not replaced', async () => {
    execFileSync('sh', ['-c', `echo ${'f'.repeat(64)} > /var/lib/kotadc/image-sums/${image.file}.sha256`])
    const p = await plan([a])
    expect(p.problems.map((e) => e.code)).toEqual(['VM_IMAGE_MISMATCH'])
    execFileSync('sh', ['-c', `echo ${image.sha256} > /var/lib/kotadc/image-sums/${image.file}.sha256`])
  }, 60_000)
})
