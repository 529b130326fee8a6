import path from 'node:path'
import {suggest} from '../../errors/did-you-mean.js'
import {vmErrors} from '../../errors/vms.js'
import {runInteractive} from '../../exec/local.js'
import {verifiedHostKeys} from '../../exec/ssh/connect.js'
import {opensshCommand, writePinnedKnownHosts} from '../../exec/ssh/openssh.js'
import type {RemoteShell, SshTarget} from '../../exec/ssh/types.js'
import type {Inventory, VmWorkload} from '../../inventory/model.js'
import {hostsWithRole} from '../../inventory/query.js'
import {diskVolume, domainName, seedVolume} from '../../vms/conventions.js'
import {domainView} from '../../vms/domain-view.js'
import {isRunning} from '../../vms/live.js'
import {repoRootOf} from '../run-playbook.js'
import {sshTargetFor} from '../ssh-targets.js'
import {SHUTDOWN_TIMEOUT_S, shutdownVm} from './apply.js'
import {gatherHypervisor, q, runRoot} from './virsh.js'

export interface VmCommandDeps {
  connect: (t: SshTarget) => Promise<RemoteShell>
}

/** One row of `kotadc vm list` (the --json contract): what libvirt holds, with the inventory's side of it. */
export interface VmRow {
  name: string
  agency: string | null
  hypervisor: string
  /** libvirt's state, or `absent` for a declared VM that is not defined. */
  state: string
  cpus: number | null
  memoryMiB: number | null
  diskGiB: number | null
  address: string | null
  /** False for an orphan: a domain the inventory does not declare on this hypervisor. */
  declared: boolean
}

const declaredVms = (inv: Inventory): VmWorkload[] => inv.workloads.filter((w): w is VmWorkload => w.kind === 'vm')

/** The inventory's VM of that name, or VM_UNKNOWN with a did-you-mean. */
export function vmNamed(inv: Inventory, name: string): VmWorkload & {hypervisor: string} {
  const vms = declaredVms(inv)
  const vm = vms.find((v) => v.name === name)
  if (!vm?.hypervisor)
    throw vmErrors.unknownVm(
      name,
      suggest(
        name,
        vms.map((v) => v.name),
      ),
      vms.map((v) => v.name),
    )
  return vm as VmWorkload & {hypervisor: string}
}

async function onHypervisor<T>(
  inv: Inventory,
  hv: string,
  environ: Record<string, string | undefined>,
  deps: VmCommandDeps,
  f: (s: RemoteShell) => Promise<T>,
): Promise<T> {
  const shell = await deps.connect(sshTargetFor(inv, hv, environ))
  try {
    return await f(shell)
  } finally {
    await shell.close().catch(() => undefined)
  }
}

/** `kotadc vm list`: every domain on every hypervisor, from libvirt itself, and declared VMs that are missing. */
export async function listVms(inv: Inventory, opts: {environ: Record<string, string | undefined>}, deps: VmCommandDeps): Promise<VmRow[]> {
  const rows: VmRow[] = []
  for (const hv of hostsWithRole(inv, 'hypervisor')) {
    const state = await onHypervisor(inv, hv.name, opts.environ, deps, (s) => gatherHypervisor(s, hv.name))
    const mine = declaredVms(inv).filter((v) => v.hypervisor === hv.name)
    for (const d of state.domains) {
      const vm = mine.find((v) => domainName(v) === d.name)
      const view = domainView(isRunning(d) ? d.liveXml : d.inactiveXml)
      const disk = state.volumes.get(diskVolume({name: d.name}))
      rows.push({
        name: d.name,
        agency: vm?.agency ?? view?.owner?.split('/')[1] ?? null,
        hypervisor: hv.name,
        state: d.state,
        cpus: view?.cpus ?? null,
        memoryMiB: view ? view.memoryKiB / 1024 : null,
        diskGiB: disk ? Math.round((disk.capacityBytes / 1024 ** 3) * 100) / 100 : null,
        address: vm?.address ?? null,
        declared: vm !== undefined,
      })
    }
    for (const vm of mine.filter((v) => !state.domains.some((d) => d.name === domainName(v))))
      rows.push({
        name: vm.name,
        agency: vm.agency,
        hypervisor: hv.name,
        state: 'absent',
        cpus: null,
        memoryMiB: null,
        diskGiB: null,
        address: vm.address,
        declared: true,
      })
  }
  return rows
}

export type PowerAction = 'start' | 'stop' | 'restart'

export interface PowerResult {
  name: string
  hypervisor: string
  action: PowerAction
  /** State before and after, in libvirt's words. */
  before: string
  after: string
}

/** `kotadc vm start|stop|restart`: graceful (ACPI) with a timeout, then an error; `force` pulls the plug instead. */
export async function powerVms(
  inv: Inventory,
  names: readonly string[],
  action: PowerAction,
  opts: {environ: Record<string, string | undefined>; force: boolean; timeoutS?: number},
  deps: VmCommandDeps,
): Promise<PowerResult[]> {
  const vms = names.map((n) => vmNamed(inv, n))
  const out: PowerResult[] = []
  for (const vm of vms) {
    const d = q(domainName(vm))
    await onHypervisor(inv, vm.hypervisor, opts.environ, deps, async (s) => {
      const state = (await runRoot(s, vm.hypervisor, `read the state of ${vm.name}`, `virsh -q domstate ${d} 2>/dev/null || echo absent`)).trim()
      if (state === 'absent') throw vmErrors.notDefined(vm.name, vm.hypervisor)
      if (action !== 'start' && state !== 'shut off')
        await shutdownVm(s, vm.hypervisor, domainName(vm), opts.timeoutS ?? SHUTDOWN_TIMEOUT_S, opts.force)
      if (action !== 'stop')
        await runRoot(s, vm.hypervisor, `start ${vm.name}`, `[ "$(virsh -q domstate ${d})" = running ] || virsh -q start ${d} >/dev/null`)
      const after = (await runRoot(s, vm.hypervisor, `read the state of ${vm.name}`, `virsh -q domstate ${d}`)).trim()
      out.push({name: vm.name, hypervisor: vm.hypervisor, action, before: state, after})
    })
  }
  return out
}

export interface DestroyResult {
  name: string
  hypervisor: string
  domainRemoved: boolean
  /** The VM's disk volume: kept unless --delete-disk. */
  disk: {volume: string; deleted: boolean}
}

/**
 * `kotadc vm destroy`: stops the domain (forced), undefines it, removes its seed, and deletes its disk only with
 * `deleteDisk`. `confirm` has asked already (the name typed in full, or --yes with --confirm NAME).
 */
export async function destroyVm(
  inv: Inventory,
  name: string,
  opts: {environ: Record<string, string | undefined>; deleteDisk: boolean; confirm: (question: string) => Promise<void>},
  deps: VmCommandDeps,
): Promise<DestroyResult> {
  const vm = vmNamed(inv, name)
  await opts.confirm(
    `destroy VM ${vm.name} on ${vm.hypervisor}${opts.deleteDisk ? ` AND DELETE ITS DISK ${diskVolume(vm)}` : ` (its disk ${diskVolume(vm)} is kept)`}?`,
  )
  const d = q(domainName(vm))
  await onHypervisor(inv, vm.hypervisor, opts.environ, deps, (s) =>
    runRoot(
      s,
      vm.hypervisor,
      `destroy ${vm.name}`,
      `virsh -q dominfo ${d} >/dev/null 2>&1 || { echo "no domain ${vm.name}" >&2; exit 3; }
[ "$(virsh -q domstate ${d})" = "shut off" ] || virsh -q destroy ${d} >/dev/null
virsh -q undefine ${d} >/dev/null
virsh -q vol-delete --pool "$P" ${q(seedVolume(vm))} >/dev/null 2>&1 || true
${opts.deleteDisk ? `virsh -q vol-delete --pool "$P" ${q(diskVolume(vm))} >/dev/null` : ''}`,
    ),
  )
  return {name: vm.name, hypervisor: vm.hypervisor, domainRemoved: true, disk: {volume: diskVolume(vm), deleted: opts.deleteDisk}}
}

/** `kotadc vm console`: `virsh console` on the hypervisor through OpenSSH with a terminal, pinned like every connection. */
export async function consoleVm(
  inv: Inventory,
  name: string,
  opts: {environ: Record<string, string | undefined>; cwd: string},
): Promise<number | null> {
  const vm = vmNamed(inv, name)
  const target = sshTargetFor(inv, vm.hypervisor, opts.environ)
  const known = await writePinnedKnownHosts(path.resolve(opts.cwd, repoRootOf(inv, opts.cwd)), [target], verifiedHostKeys)
  const argv = opensshCommand(target, known, ['sudo', '-n', 'virsh', '-c', 'qemu:///system', 'console', domainName(vm)])
  // -t: the console needs a terminal on the far side (the escape key, line editing of the guest's getty).
  return runInteractive([argv[0] as string, '-t', ...argv.slice(1)], {kind: 'ssh', env: {TERM: opts.environ.TERM}})
}
