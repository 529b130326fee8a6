import path from 'node:path'
import type {OpsErrorJson} from '../../errors/ops-error.js'
import {asOpsError} from '../../errors/cli.js'
import {vmErrors} from '../../errors/vms.js'
import {builtinTemplatesDir, loadTemplates} from '../../exec/runner/repo-files.js'
import {loginPublicKey, resolveAuth} from '../../exec/ssh/identity.js'
import type {RemoteShell, SshTarget} from '../../exec/ssh/types.js'
import type {Inventory, VmWorkload} from '../../inventory/model.js'
import {hostByName, hostsWithRole} from '../../inventory/query.js'
import {openSecrets} from '../../inventory/secrets.js'
import {resolveTargets} from '../../playbooks/targets.js'
import {renderDomainXml, type VirtType} from '../../vms/domain-xml.js'
import {describeAction, planHypervisor, type HypervisorPlan, type Orphan, type VmStatus} from '../../vms/plan.js'
import {renderSeed} from '../../vms/seed.js'
import {repoRootOf} from '../run-playbook.js'
import {sshTargetFor} from '../ssh-targets.js'
import {applyAction} from './apply.js'
import {createHostKeys, hostKeyOf} from './host-keys.js'
import {seedInputFor} from './seed-input.js'
import {gatherHypervisor} from './virsh.js'

/** One hypervisor's part of the vms phase (the --json contract). */
export interface VmHypervisorReport {
  hypervisor: string
  virtType: string
  /** What the phase does (plan) or did (deploy), in order. */
  actions: string[]
  /** Definitions that differ from libvirt's, as kotadc's view of the domain before and after. */
  diffs: {vm: string; before: string[] | null; after: string[]}[]
  vms: VmStatus[]
  /** Domains the inventory does not declare on this hypervisor: reported, never touched. */
  orphans: Orphan[]
  errors: OpsErrorJson[]
}

export interface VmsPhaseOptions {
  check: boolean
  restartVms: boolean
  limit: readonly string[]
  environ: Record<string, string | undefined>
  cwd: string
  /** How long a new or restarted VM has to answer SSH with its pinned key (seconds). */
  sshWaitS?: number
  onProgress?: (line: string) => void
}

export interface VmsPhaseDeps {
  connect: (t: SshTarget) => Promise<RemoteShell>
  now: () => number
  sleep: (ms: number) => Promise<void>
}

export interface VmsPhaseResult {
  hypervisors: VmHypervisorReport[]
  /** The inventory with the VMs' host keys pinned (new VMs included), for the phases after this one. */
  inventory: Inventory
}

/** The hypervisors the phase visits and, on each, the VMs it manages (all of them unless --limit narrows it). */
export function vmScope(inv: Inventory, limit: readonly string[]): {hypervisor: string; vms: VmWorkload[]}[] {
  const allowed = limit.length ? new Set(resolveTargets(inv, limit).map((h) => h.name)) : undefined
  const vms = inv.workloads.filter((w): w is VmWorkload => w.kind === 'vm')
  return hostsWithRole(inv, 'hypervisor').flatMap((h) => {
    const mine = vms.filter((v) => v.hypervisor === h.name)
    if (!allowed) return [{hypervisor: h.name, vms: mine}]
    if (allowed.has(h.name)) return [{hypervisor: h.name, vms: mine}]
    const picked = mine.filter((v) => allowed.has(v.name))
    return picked.length ? [{hypervisor: h.name, vms: picked}] : []
  })
}

const WAIT_STEP_MS = 3_000

/** Connects to the VM with its pinned key until it answers, within the bound; progress every attempt. */
async function waitForSsh(inv: Inventory, vm: VmWorkload, opts: VmsPhaseOptions, deps: VmsPhaseDeps): Promise<void> {
  const bound = opts.sshWaitS ?? 900
  const started = deps.now()
  let last = 'no attempt yet'
  for (;;) {
    const elapsed = Math.round((deps.now() - started) / 1000)
    if (elapsed > bound) throw vmErrors.sshTimeout(vm.name, bound, last)
    try {
      const shell = await deps.connect({...sshTargetFor(inv, vm.name, opts.environ), readyTimeoutMs: 10_000})
      await shell.close().catch(() => undefined)
      opts.onProgress?.(`vms: ${vm.name} answered SSH with its pinned host key after ${elapsed}s`)
      return
    } catch (e) {
      const err = asOpsError(e)
      // A wrong host key is not a slow boot: it is someone else answering at that address.
      if (err.code === 'SSH_HOST_KEY_MISMATCH') throw err
      last = err.message
      opts.onProgress?.(`vms: waiting for ${vm.name} to answer SSH (${elapsed}s of ${bound}s): ${last}`)
      await deps.sleep(WAIT_STEP_MS)
    }
  }
}

const reportOf = (plan: HypervisorPlan, errors: OpsErrorJson[]): VmHypervisorReport => ({
  hypervisor: plan.hypervisor,
  virtType: plan.virtType,
  actions: plan.actions.map(describeAction),
  diffs: plan.actions.flatMap((a) => (a.kind === 'define' ? [{vm: a.vm.name, before: a.before ?? null, after: a.after}] : [])),
  vms: plan.vms,
  orphans: plan.orphans,
  errors: [...plan.problems.map((p) => p.toJSON()), ...errors],
})

/**
 * The `vms` phase: on each hypervisor, read libvirt in one round trip, plan, and (unless checking) apply: images,
 * host keys, disks, seeds, definitions, autostart, starts, then wait for each new VM's SSH. Hypervisors are worked
 * one after the other; a problem on one does not stop the others, and every problem is reported.
 */
export async function vmsPhase(inv: Inventory, opts: VmsPhaseOptions, deps: VmsPhaseDeps): Promise<VmsPhaseResult> {
  const scope = vmScope(inv, opts.limit)
  const builtin = builtinTemplatesDir()
  const templates = await loadTemplates([...(builtin ? [builtin] : []), path.join(repoRootOf(inv, opts.cwd), 'templates')])
  const lookup = (n: string): string | undefined => templates.get(n)
  const reports: VmHypervisorReport[] = []
  const planned: {plan: HypervisorPlan; shell: RemoteShell}[] = []
  try {
    for (const {hypervisor, vms} of scope) {
      let shell: RemoteShell
      try {
        shell = await deps.connect(sshTargetFor(inv, hypervisor, opts.environ))
      } catch (e) {
        reports.push({hypervisor, virtType: '', actions: [], diffs: [], vms: [], orphans: [], errors: [asOpsError(e).toJSON()]})
        continue
      }
      try {
        const gathered = await gatherHypervisor(shell, hypervisor)
        const forced = hostByName(inv, hypervisor)?.vars.vmVirtType
        const virtType: VirtType = forced === 'kvm' || forced === 'qemu' ? forced : gathered.virtType
        const state = {...gathered, virtType}
        const plan = planHypervisor({
          hypervisor,
          vms,
          images: inv.images,
          state,
          render: (vm, o) => renderDomainXml(inv, vm, o, lookup),
          hasHostKey: (vm) => vm.hostKey !== undefined,
          restartVms: opts.restartVms,
        })
        planned.push({plan, shell})
      } catch (e) {
        await shell.close().catch(() => undefined)
        reports.push({hypervisor, virtType: '', actions: [], diffs: [], vms: [], orphans: [], errors: [asOpsError(e).toJSON()]})
      }
    }
    if (opts.check) return {hypervisors: [...reports, ...planned.map((p) => reportOf(p.plan, []))], inventory: inv}
    return await applyPlans(inv, planned, reports, opts, deps)
  } finally {
    await Promise.all(planned.map((p) => p.shell.close().catch(() => undefined)))
  }
}

async function applyPlans(
  inv: Inventory,
  planned: {plan: HypervisorPlan; shell: RemoteShell}[],
  reports: VmHypervisorReport[],
  opts: VmsPhaseOptions,
  deps: VmsPhaseDeps,
): Promise<VmsPhaseResult> {
  const needKeys = planned.flatMap((p) => p.plan.actions.flatMap((a) => (a.kind === 'create-host-key' ? [a.vm] : [])))
  const {inventory, created} = await createHostKeys(inv, needKeys, opts)
  const store = await openSecrets({dir: path.resolve(opts.cwd, inv.root), environ: opts.environ})
  let loginKey: string | undefined
  for (const {plan, shell} of planned) {
    const errors: OpsErrorJson[] = []
    try {
      if (plan.actions.some((a) => a.kind === 'create-seed') && loginKey === undefined) {
        const t = sshTargetFor(inventory, plan.hypervisor, opts.environ)
        loginKey = await loginPublicKey(
          await resolveAuth(t.identityFile, {host: t.host, address: t.address, port: t.port}, opts.environ.SSH_AUTH_SOCK),
        )
      }
      const ctx = {
        shell,
        hypervisor: plan.hypervisor,
        seedFor: (vm: VmWorkload) => renderSeed(seedInputFor(inventory, vm, hostKeyOf(store, vm.name, created), loginKey)),
        waitSsh: (vm: VmWorkload) => waitForSsh(inventory, vm, opts, deps),
      }
      for (const a of plan.actions) {
        opts.onProgress?.(`vms: ${plan.hypervisor}: ${describeAction(a)}`)
        await applyAction(ctx, a)
      }
    } catch (e) {
      errors.push(asOpsError(e).toJSON())
    }
    reports.push(reportOf(plan, errors))
  }
  return {hypervisors: reports, inventory}
}
