#!/usr/bin/env node
// `npm run bench:vms`: the vms phase against this machine's system libvirtd, reached as a hypervisor through a loopback
// sshd (bench/ssh/fleet.mjs). Rows: a no-change `deploy --phase vms` with 20 running VMs on one hypervisor (target
// < 2 s), and, when the lab's guest image is cached (scripts/lab/build-guest-image.sh), the time from `deploy --phase
// vms` to the VM answering SSH with its pinned key under TCG. Rewrites the "VMs" section of docs/benchmarks.md.
// Needs root, libvirtd (scripts/lab/libvirtd-start.sh), genisoimage, qemu-img, hyperfine. Usage: node bench/vms.mjs [vms=20] [runs=10]
import {execFileSync, spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateIdentity, identityToRecipient} from 'age-encryption'
import {hyperfine, table} from './hyperfine.mjs'
import {machine, replaceSection} from './report.mjs'
import {startFleet} from './ssh/fleet.mjs'
import {writeSecretsMap} from '../dist/src/exec/secrets-file.js'
import {newHostKey} from '../dist/src/services/vms/host-keys.js'
import {hostKeySecret, VM_POOL} from '../dist/src/vms/conventions.js'
import {connectSsh} from '../dist/src/exec/ssh/connect.js'
import {loadInventory} from '../dist/src/inventory/load.js'
import {applyAction} from '../dist/src/services/vms/apply.js'
import {gatherHypervisor} from '../dist/src/services/vms/virsh.js'
import {renderDomainXml} from '../dist/src/vms/domain-xml.js'
import {planHypervisor} from '../dist/src/vms/plan.js'
import {renderSeed} from '../dist/src/vms/seed.js'

const n = Number(process.argv[2] ?? 20)
const runs = Number(process.argv[3] ?? 10)
const node = process.execPath
const cli = join(process.cwd(), 'bin', 'run.js')
const RUN = `kvb${process.pid}`
// Bench VMs join a bridge of their own on this machine, in the project's lab range and nowhere else.
const NET = {name: 'kvbench', cidr: '172.30.254.0/24', gateway: '172.30.254.1', bridge: 'br-kvbench'}
process.env.KOTADC_ALLOWED_NETWORKS = `127.0.0.0/8,${NET.cidr}`
const virsh = (...a) => execFileSync('virsh', ['-c', 'qemu:///system', ...a], {encoding: 'utf8'})
const sh = (cmd) => execFileSync('sh', ['-c', cmd], {encoding: 'utf8'})

const work = mkdtempSync(join(tmpdir(), 'kotadc-bench-vms-'))
const fleet = await startFleet(join(work, 'fleet'), 1)
const hv = fleet.hosts[0]
const inv = join(work, 'inventory')
// hyperfine's runs inherit this process's environment: the identity that opens the bench's secrets.age goes there.
process.env.KOTADC_AGE_IDENTITY = join(work, 'age.txt')
const env = {...process.env}
const kotadc = (...argv) => spawnSync(node, [cli, ...argv, '-i', inv], {cwd: work, env, encoding: 'utf8'})

function writeInventory(images, vms, virtType) {
  mkdirSync(join(inv, 'agencies'), {recursive: true})
  writeFileSync(
    join(inv, 'site.yaml'),
    `schemaVersion: 1
site: {name: vmbench, domain: vm.example, timezone: UTC, ssh: {user: root, port: ${hv.port}, identityFile: ${fleet.clientKey}}, admins: []}
networks:
  - {name: lo, cidr: 127.0.0.0/8, gateway: 127.0.0.254}
  - {name: ${NET.name}, cidr: ${NET.cidr}, gateway: ${NET.gateway}}
terraform: {backend: {type: local}}
images:
${images.map((i) => `  - {name: ${i.name}, file: ${i.file}, sha256: ${i.sha256}, source: ${i.source}}`).join('\n')}
`,
  )
  writeFileSync(
    join(inv, 'hosts.yaml'),
    `hosts:\n  - {name: hv1, address: ${hv.address}, network: lo, roles: [hypervisor], hostKey: "${hv.fingerprint}", resources: {cpus: 64, memoryGiB: 64, diskGiB: 1000}${virtType ? `, vars: {vmVirtType: ${virtType}}` : ''}}\n`,
  )
  writeFileSync(
    join(inv, 'agencies', 'bench.yaml'),
    `agency: {code: bench, name: Bench}\nworkloads:\n${vms.map((v) => `  - {name: ${v.name}, kind: vm, hypervisor: hv1, cpus: 1, memoryGiB: ${v.memoryGiB}, diskGiB: ${v.diskGiB}, image: ${v.image}, network: ${NET.name}, address: ${v.address}}`).join('\n')}\n`,
  )
}

const cleanup = () => {
  for (const d of virsh('-q', 'list', '--all', '--name')
    .split('\n')
    .map((l) => l.trim())
    .filter((x) => x.startsWith(RUN))) {
    spawnSync('virsh', ['-c', 'qemu:///system', '-q', 'destroy', d])
    virsh('-q', 'undefine', d)
  }
  for (const v of virsh('-q', 'vol-list', VM_POOL)
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((x) => x.startsWith(RUN)))
    virsh('-q', 'vol-delete', '--pool', VM_POOL, v)
  sh(`rm -f /var/lib/kotadc/image-sums/${RUN}-*; ip link del ${NET.bridge} 2>/dev/null || true`)
}

async function createWithoutBoot() {
  const {inventory} = await loadInventory({dir: inv, environ: env})
  const shell = await connectSsh({
    host: 'hv1',
    address: hv.address,
    port: hv.port,
    user: 'root',
    identityFile: fleet.clientKey,
    hostKey: hv.fingerprint,
  })
  try {
    const templates = join(process.cwd(), 'templates')
    const plan = planHypervisor({
      hypervisor: 'hv1',
      vms: inventory.workloads.filter((w) => w.kind === 'vm'),
      images: inventory.images,
      // As the phase does with the hypervisor's vars.vmVirtType: qemu (TCG).
      state: {...(await gatherHypervisor(shell, 'hv1')), virtType: 'qemu'},
      render: (v, o) => renderDomainXml(inventory, v, o, (n) => readFileSync(join(templates, n), 'utf8')),
      hasHostKey: () => true,
      restartVms: false,
    })
    const seedFor = (v) =>
      renderSeed({
        name: v.name,
        domain: 'vm.example',
        loginUser: 'root',
        authorizedKeys: [],
        hostKey: {privateKey: 'x', publicKey: 'ssh-ed25519 AAAA x'},
        mac: '52:54:00:00:00:03',
        cidr: `${v.address}/24`,
        gateway: NET.gateway,
        nameservers: [],
      })
    for (const a of plan.actions)
      if (!['start', 'wait-ssh', 'remove-seed'].includes(a.kind))
        await applyAction({shell, hypervisor: 'hv1', seedFor, waitSsh: async () => undefined}, a)
    for (const a of plan.actions)
      if (a.kind === 'remove-seed') await applyAction({shell, hypervisor: 'hv1', seedFor, waitSsh: async () => undefined}, a)
  } finally {
    await shell.close()
  }
}

const sections = []
try {
  sh(`ip link add ${NET.bridge} type bridge && ip addr add ${NET.gateway}/24 dev ${NET.bridge} && ip link set ${NET.bridge} up`)
  const identity = await generateIdentity()
  writeFileSync(join(work, 'age.txt'), `${identity}\n`, {mode: 0o600})
  const recipient = await identityToRecipient(identity)

  // 1. No change: n VMs created and running (an empty disk: they sit in the firmware, which is all this row needs).
  const tiny = join(work, `${RUN}-tiny.qcow2`)
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', tiny, '64M'])
  const tinyImage = {name: 'tiny', file: `${RUN}-tiny.qcow2`, sha256: createHash('sha256').update(readFileSync(tiny)).digest('hex'), source: tiny}
  const vms = Array.from({length: n}, (_, i) => ({
    name: `${RUN}-${i}`,
    memoryGiB: 0.0625,
    diskGiB: 1,
    image: 'tiny',
    address: `172.30.254.${i + 10}`,
  }))
  writeInventory([tinyImage], vms, 'qemu')
  await writeSecretsMap(inv, Object.fromEntries(vms.map((v) => [hostKeySecret(v.name), newHostKey(v.name)])), [recipient])
  // Created as the vms phase creates them (its own code), then started; an empty disk never answers SSH, so the
  // phase's wait and seed removal are left out and the seeds removed by hand.
  await createWithoutBoot()
  for (const v of vms) virsh('-q', 'start', v.name)
  const check = kotadc('plan', '--phase', 'vms', '--json')
  const hvr = JSON.parse(check.stdout).phases[0].vms[0]
  if (check.status !== 0)
    throw new Error(`the ${n} VMs are not at no change (exit ${check.status}): ${hvr.actions.slice(0, 5).join('; ')} ${JSON.stringify(hvr.errors)}`)
  const rows = hyperfine(
    [
      {name: `deploy --phase vms, ${n} VMs running, no change`, cmd: `cd ${work} && ${node} ${cli} deploy --phase vms --yes -i inventory`},
      {name: `plan --phase vms, ${n} VMs, no change`, cmd: `cd ${work} && ${node} ${cli} plan --phase vms -i inventory`},
      {name: 'kotadc validate (start-up + inventory, no SSH)', cmd: `cd ${work} && ${node} ${cli} validate -i inventory`},
    ],
    {runs, warmup: 1},
  )
  const failed = rows.filter((r) => r.exitCodes.some((c) => c !== 0))
  if (failed.length) throw new Error(`benchmark commands failed: ${failed.map((r) => r.name).join(', ')}`)
  sections.push(`### No change, ${n} VMs on one hypervisor\n\n${table(rows, {target: {[rows[0].name]: 2}})}`)
  cleanup()
  sh(`ip link add ${NET.bridge} type bridge && ip addr add ${NET.gateway}/24 dev ${NET.bridge} && ip link set ${NET.bridge} up`)

  // 2. deploy to SSH-ready under TCG, one VM from the lab's guest image.
  const cache = '/var/cache/kotadc-lab'
  const guest = existsSync(cache)
    ? readdirSync(cache)
        .filter((f) => /^kotadc-guest-.*\.qcow2$/.test(f))
        .sort()
        .at(-1)
    : undefined
  if (guest) {
    const sum = readFileSync(join(cache, `${guest}.sha256`), 'utf8')
      .trim()
      .split(/\s+/)[0]
    writeInventory(
      [{name: 'guest', file: `${RUN}-${guest}`, sha256: sum, source: join(cache, guest)}],
      [{name: `${RUN}-boot`, memoryGiB: 0.5, diskGiB: 4, image: 'guest', address: '172.30.254.200'}],
      'qemu',
    )
    await writeSecretsMap(inv, {}, [recipient])
    const started = Date.now()
    const r = spawnSync(node, [cli, 'deploy', '--phase', 'vms', '--yes', '-i', inv], {cwd: work, env, encoding: 'utf8', timeout: 1_200_000})
    const secs = (Date.now() - started) / 1000
    if (r.status !== 0) throw new Error(`the TCG boot deploy failed (exit ${r.status}):\n${r.stderr.slice(-2000)}\n${r.stdout.slice(-2000)}`)
    const waited = /answered SSH with its pinned host key after (\d+)s/.exec(r.stderr)?.[1]
    sections.push(
      `### deploy to SSH-ready, one VM under TCG\n\n| what | seconds |\n|---|---|\n| \`deploy --phase vms\` of one new VM (image upload, host key, disk, seed, define, start, wait for SSH with the pinned key, seed removed) | ${secs.toFixed(1)} |\n| of which: start to SSH answering with the pinned key | ${waited ?? '?'} |\n\nGuest: the lab's image (${guest}, scripts/lab/build-guest-image.sh), 1 vCPU, 512 MiB, domain type qemu (TCG) forced with the hypervisor's \`vars.vmVirtType: qemu\`.`,
    )
  } else sections.push('### deploy to SSH-ready under TCG\n\nNot measured: no lab guest image cached (scripts/lab/build-guest-image.sh builds it).')
} finally {
  cleanup()
  await fleet.stop()
  rmSync(work, {recursive: true, force: true})
}

replaceSection(
  'docs/benchmarks.md',
  'VMs',
  `Command: \`npm run bench:vms\` (bench/vms.mjs; hyperfine, ${runs} timed runs, 1 warm-up). ${machine()}

The hypervisor is this machine's system libvirtd, reached through a loopback sshd as kotadc reaches any hypervisor
(virsh over SSH, sudo). The no-change rows read libvirt in one round trip (every domain's definitions, the pool's
volumes, the recorded image sums in a single virsh session) and plan; nothing is applied.

${sections.join('\n\n')}`,
)
