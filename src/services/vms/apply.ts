import {createHash} from 'node:crypto'
import {createReadStream} from 'node:fs'
import {readFile, stat} from 'node:fs/promises'
import {vmErrors} from '../../errors/vms.js'
import type {RemoteShell} from '../../exec/ssh/types.js'
import type {VmImage, VmWorkload} from '../../inventory/model.js'
import {diskVolume, domainName, IMAGE_SUMS_DIR, seedVolume} from '../../vms/conventions.js'
import type {Seed} from '../../vms/seed.js'
import type {VmAction} from '../../vms/plan.js'
import {q, runRoot} from './virsh.js'

/** How long a guest gets to power off after the ACPI request before `stop` and `restart` give up (seconds). */
export const SHUTDOWN_TIMEOUT_S = 120

export interface ApplyContext {
  shell: RemoteShell
  hypervisor: string
  /** The first-boot seed of a VM (its user-data holds the host key). */
  seedFor: (vm: VmWorkload) => Seed
  /** Waits until the VM answers SSH with its pinned key (bounded); returns the seconds it took. */
  waitSsh: (vm: VmWorkload) => Promise<void>
}

const sha256File = (file: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const h = createHash('sha256')
    createReadStream(file)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')))
  })

async function uploadImage(ctx: ApplyContext, image: VmImage): Promise<void> {
  const size = await stat(image.source).then(
    (s) => s.size,
    (e: NodeJS.ErrnoException) => {
      throw vmErrors.imageSource(image.name, image.source, e.code === 'ENOENT' ? 'does not exist' : `cannot be read (${e.code})`, image.at)
    },
  )
  const sum = await sha256File(image.source)
  if (sum !== image.sha256) throw vmErrors.imageSource(image.name, image.source, `has sha256 ${sum}, not ${image.sha256}`, image.at)
  const temp = `.kotadc-image-${image.sha256.slice(0, 16)}`
  await ctx.shell.put(temp, await readFile(image.source), {mode: 0o600})
  // Checked again where it landed: the pool only ever holds a file with the declared sum.
  await runRoot(
    ctx.shell,
    ctx.hypervisor,
    `put image ${image.file} (${size} bytes) into the pool`,
    `t=$(eval echo ~$SUDO_USER)/${temp}
s=$(sha256sum "$t" | cut -d' ' -f1)
if [ "$s" != ${image.sha256} ]; then rm -f "$t"; echo "the uploaded copy has sha256 $s" >&2; exit 3; fi
pdir=$(virsh -q pool-dumpxml "$P" | sed -n 's:.*<path>\\(.*\\)</path>.*:\\1:p' | head -n 1)
install -o root -g root -m 0644 "$t" "$pdir"/${q(image.file)}
rm -f "$t"
mkdir -p ${IMAGE_SUMS_DIR}
echo ${image.sha256} > ${IMAGE_SUMS_DIR}/${q(image.file)}.sha256
virsh -q pool-refresh "$P" >/dev/null`,
    {timeoutMs: 3_600_000},
  )
}

const verifyImage = (ctx: ApplyContext, image: VmImage): Promise<string> =>
  runRoot(
    ctx.shell,
    ctx.hypervisor,
    `check the sha256 of image ${image.file}`,
    `s=$(sha256sum "$(virsh -q vol-path --pool "$P" ${q(image.file)})" | cut -d' ' -f1)
if [ "$s" != ${image.sha256} ]; then echo "${image.file} in the pool has sha256 $s, the inventory says ${image.sha256}; it is left as it is" >&2; exit 3; fi
mkdir -p ${IMAGE_SUMS_DIR}
echo ${image.sha256} > ${IMAGE_SUMS_DIR}/${q(image.file)}.sha256`,
    {timeoutMs: 3_600_000},
  )

async function createSeed(ctx: ApplyContext, vm: VmWorkload): Promise<void> {
  const s = ctx.seedFor(vm)
  const parts = [Buffer.from(s.metaData), Buffer.from(s.userData.reveal()), Buffer.from(s.networkConfig)]
  // The files (user-data holds the private host key) live in /dev/shm, memory only, and only until the ISO is in
  // the pool; they come over stdin, never on a command line.
  await runRoot(
    ctx.shell,
    ctx.hypervisor,
    `create the first-boot seed of ${vm.name}`,
    `umask 077
d=$(mktemp -d /dev/shm/kotadc-seed.XXXXXX)
trap 'rm -rf "$d"' EXIT
for f in meta-data:${parts[0]!.length} user-data:${parts[1]!.length} network-config:${parts[2]!.length}; do
  dd bs=1 count=\${f#*:} of="$d/\${f%%:*}" status=none
done
genisoimage -quiet -output "$d/seed.iso" -volid cidata -joliet -rock "$d/user-data" "$d/meta-data" "$d/network-config"
virsh -q vol-delete --pool "$P" ${q(seedVolume(vm))} >/dev/null 2>&1 || true
virsh -q vol-create-as "$P" ${q(seedVolume(vm))} "$(stat -c %s "$d/seed.iso")" --format raw >/dev/null
virsh -q vol-upload --pool "$P" ${q(seedVolume(vm))} "$d/seed.iso"`,
    {stdin: Buffer.concat(parts)},
  )
}

/** Asks the guest to power off (ACPI) and waits; a guest still running after the timeout is an error, unless forced. */
export const shutdownScript = (vm: string, timeoutS: number, force: boolean): string =>
  `d=${q(vm)}
[ "$(virsh -q domstate "$d")" = "shut off" ] && exit 0
${force ? 'virsh -q destroy "$d" >/dev/null; exit 0' : ''}
virsh -q shutdown "$d" >/dev/null
i=0
while [ $i -lt ${timeoutS} ]; do [ "$(virsh -q domstate "$d")" = "shut off" ] && exit 0; sleep 1; i=$((i+1)); done
exit 75`

export async function shutdownVm(shell: RemoteShell, hypervisor: string, vm: string, timeoutS: number, force: boolean): Promise<void> {
  const r = await shell.run(`sudo -n sh -c ${q(`export LIBVIRT_DEFAULT_URI=qemu:///system\n${shutdownScript(vm, timeoutS, force)}`)}`, {
    timeoutMs: (timeoutS + 30) * 1000,
  })
  if (r.exitCode === 75) throw vmErrors.shutdownTimeout(vm, timeoutS)
  if (r.exitCode !== 0)
    throw vmErrors.virshFailed(hypervisor, `shut down ${vm}`, {
      argv: ['virsh', 'shutdown', vm],
      exitCode: r.exitCode,
      signal: r.signal,
      stderrTail: r.stderr,
    })
}

/** Runs one planned action on the hypervisor. */
export async function applyAction(ctx: ApplyContext, a: VmAction): Promise<void> {
  const run = (what: string, script: string, stdin?: string): Promise<string> =>
    runRoot(ctx.shell, ctx.hypervisor, what, script, stdin === undefined ? {} : {stdin})
  switch (a.kind) {
    case 'upload-image':
      return uploadImage(ctx, a.image)
    case 'verify-image':
      return void (await verifyImage(ctx, a.image))
    case 'create-host-key':
      return // done for every hypervisor at once, before any action (services/vms/host-keys.ts)
    case 'create-disk':
      return void (await run(
        `create the disk of ${a.vm.name}`,
        `virsh -q vol-create-as "$P" ${q(diskVolume(a.vm))} ${a.bytes} --format qcow2 --backing-vol ${q(a.image.file)} --backing-vol-format ${a.image.format} >/dev/null`,
      ))
    case 'grow-disk':
      return void (await run(
        `grow the disk of ${a.vm.name}`,
        a.running
          ? `virsh -q blockresize ${q(domainName(a.vm))} vda ${a.bytes}B >/dev/null; virsh -q pool-refresh "$P" >/dev/null`
          : `virsh -q vol-resize --pool "$P" ${q(diskVolume(a.vm))} ${a.bytes} >/dev/null`,
      ))
    case 'create-seed':
      return createSeed(ctx, a.vm)
    case 'define':
      return void (await run(`define ${a.vm.name}`, `t=$(mktemp)\ntrap 'rm -f "$t"' EXIT\ncat > "$t"\nvirsh -q define "$t" >/dev/null`, a.xml))
    case 'autostart':
      return void (await run(`turn on autostart of ${a.vm.name}`, `virsh -q autostart ${q(domainName(a.vm))} >/dev/null`))
    case 'start':
      return void (await run(`start ${a.vm.name}`, `virsh -q start ${q(domainName(a.vm))} >/dev/null`))
    case 'restart':
      await shutdownVm(ctx.shell, ctx.hypervisor, domainName(a.vm), SHUTDOWN_TIMEOUT_S, false)
      return void (await run(`start ${a.vm.name}`, `virsh -q start ${q(domainName(a.vm))} >/dev/null`))
    case 'wait-ssh':
      return ctx.waitSsh(a.vm)
    case 'remove-seed':
      return void (await run(
        `remove the first-boot seed of ${a.vm.name}`,
        `d=${q(domainName(a.vm))}
if [ "$(virsh -q domstate "$d")" = "running" ]; then live=--live; else live=; fi
virsh -q change-media "$d" sda --eject --config $live >/dev/null 2>&1 || true
virsh -q vol-delete --pool "$P" ${q(seedVolume(a.vm))} >/dev/null`,
      ))
  }
}
