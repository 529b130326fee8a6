import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {ConnectPacing, HostReport, TaskReport} from '../../src/exec/runner/types.js'
import type {Inventory} from '../../src/inventory/model.js'
import {Secret} from '../../src/inventory/secret.js'
import type {SecretStore} from '../../src/inventory/secrets.js'
import type {Playbook} from '../../src/playbooks/model.js'
import type {SiteDeps} from '../../src/services/deploy/context.js'
import type {HostKeySource} from '../../src/exec/ssh/openssh.js'
import type {SshTarget} from '../../src/exec/ssh/types.js'
import {PLAIN_BUILTINS} from '../../src/services/builtin-playbooks.js'
import {phaseHosts} from '../../src/services/deploy/playbook-phase.js'
import type {PlaybookPhaseOptions} from '../../src/services/deploy/playbook-phase.js'
import type {RunPlaybookResult} from '../../src/services/run-playbook.js'
import {dockerInventory} from '../unit/stacks/docker-inventory.js'
import {FakeTerraform} from './fake-terraform.js'

/** A SecretStore over a plain map (the real one reads secrets.age and KOTADC_SECRET_*). */
export const secretStore = (values: Record<string, string>): SecretStore => ({
  names: () => Object.keys(values).sort(),
  has: (n) => Object.hasOwn(values, n),
  get: (n) => new Secret(n, values[n] as string),
})

export type HostOutcome = HostReport['status']

/**
 * Stands in for the SSH playbook engine: each playbook's hosts end with the scripted status (default ok), and every
 * call is logged (`apply base`, `check docker-host`). The real engine has its own tests; phases only read the reports.
 */
export class FakePlaybooks {
  readonly outcomes = new Map<string, HostOutcome>()
  readonly calls: {
    playbook: string
    check: boolean
    limit: readonly string[]
    hosts: string[]
    pacing: {[K in keyof ConnectPacing]: ConnectPacing[K] | undefined}
  }[] = []
  constructor(readonly log: string[]) {}

  /** Per host, the statuses of its tasks in order (a host fails at its first failed task); overrides `script`. */
  readonly taskScripts = new Map<string, Readonly<Record<string, readonly TaskReport['status'][]>>>()

  script(playbook: string, status: HostOutcome): this {
    this.outcomes.set(playbook, status)
    return this
  }

  scriptTasks(playbook: string, perHost: Readonly<Record<string, readonly TaskReport['status'][]>>): this {
    this.taskScripts.set(playbook, perHost)
    return this
  }

  private scripted(pb: string, host: string): HostReport | undefined {
    const statuses = this.taskScripts.get(pb)?.[host]
    if (!statuses) return undefined
    const tasks = statuses.map((status, i): TaskReport => ({name: `task ${i + 1}`, type: 'file', status, summary: 'scripted'}))
    const failed = statuses.includes('failed')
    return {
      host,
      status: failed ? 'failed' : statuses.includes('changed') ? 'changed' : 'ok',
      tasks,
      handlers: [],
      ...(failed ? {error: {code: 'TASK_FAILED', family: 'external' as const, message: 'scripted failure', exitCode: 3}} : {}),
    }
  }

  run = async (inv: Inventory, pb: Playbook, opts: PlaybookPhaseOptions): Promise<RunPlaybookResult> => {
    const hosts = phaseHosts(inv, pb, opts.limit)
    const pacing = {connectTimeoutMs: opts.connectTimeoutMs, connectConcurrency: opts.connectConcurrency}
    this.calls.push({playbook: pb.name, check: opts.check, limit: opts.limit, hosts, pacing})
    this.log.push(`${opts.check ? 'check' : 'apply'} ${pb.name}`)
    const status = this.outcomes.get(pb.name) ?? 'ok'
    const reports: HostReport[] = hosts.map(
      (host) =>
        this.scripted(pb.name, host) ?? {
          host,
          status,
          tasks: [{name: 'a task', type: 'file', status: status === 'changed' ? 'changed' : status === 'ok' ? 'ok' : 'failed', summary: 'scripted'}],
          handlers: [],
          ...(status === 'failed' ? {error: {code: 'TASK_FAILED', family: 'external' as const, message: 'scripted failure', exitCode: 3}} : {}),
        },
    )
    const count = (s: HostOutcome) => reports.filter((r) => r.status === s).length
    return {
      playbook: pb.name,
      check: opts.check,
      hosts: reports,
      summary: {ok: count('ok'), changed: count('changed'), failed: count('failed'), unreachable: count('unreachable')},
    }
  }
}

/** A made-up ed25519 key per host (and jump host), as if kotadc's client had verified it: no host is contacted. */ import {steadyVmsDeps} from './fake-hypervisor.js'

export const fakeHostKeyBlob = (host: string): Buffer => {
  const type = Buffer.from('ssh-ed25519')
  return Buffer.concat([Buffer.from([0, 0, 0, type.length]), type, Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, host)])
}

export const fakeHostKeys: HostKeySource = async (target) => {
  const chain: SshTarget[] = []
  for (let t: SshTarget | undefined = target; t; t = t.jump) chain.push(t)
  return chain.reverse().map((t) => ({target: t, key: fakeHostKeyBlob(t.host)}))
}

export interface FakeSite {
  dir: string
  inv: Inventory
  log: string[]
  terraform: FakeTerraform
  playbooks: FakePlaybooks
  deps: SiteDeps
}

/** The docker test inventory rooted in a fresh temp project (stacks land in <dir>/.kotadc/stacks), with fakes at every edge. */
export function fakeSite(secrets: Record<string, string> = {SIMPUS_DB_PASSWORD: 'pw-simpus-123', SEKOLAH_API_KEY: 'key-sekolah-456'}): FakeSite {
  const dir = mkdtempSync(join(tmpdir(), 'kotadc-site-'))
  const base = dockerInventory()
  // Its VMs exist already, each with the host key kotadc made for it (test/helpers/fake-hypervisor.ts).
  const workloads = base.workloads.map((w) => (w.kind === 'vm' ? {...w, hostKey: `SHA256:fake-${w.name}`} : w))
  const inv = {...base, workloads, root: join(dir, 'inventory')}
  const log: string[] = []
  const terraform = new FakeTerraform(log)
  const playbooks = new FakePlaybooks(log)
  let t = 0
  const deps: SiteDeps = {
    terraform,
    runPlaybook: playbooks.run,
    playbooks: PLAIN_BUILTINS,
    secrets: async () => secretStore(secrets),
    hostKeys: fakeHostKeys,
    now: () => (t += 5),
    vms: steadyVmsDeps(() => inv),
  }
  return {dir, inv, log, terraform, playbooks, deps}
}
