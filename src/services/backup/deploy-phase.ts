import {Problems} from '../../errors/problems.js'
import {planBackups} from '../../backup/plan.js'
import type {BackupPlaybookInput} from '../../backup/playbook.js'
import {backupPlaybook, backupRepositoryPlaybook, backupSourcePlaybook} from '../../backup/playbook.js'
import {backupKeyPairFact, backupPublicKeyFact, sshHostKeyFact} from '../../backup/keys.js'
import {sshErrors} from '../../errors/ssh-errors.js'
import {normalizeFingerprint, sshFingerprint} from '../../exec/ssh/fingerprint.js'
import type {RemoteShell} from '../../exec/ssh/types.js'
import type {Inventory} from '../../inventory/model.js'
import type {FactRequest} from '../../facts/define.js'
import {renderCmd} from '../../tasks/cmd.js'
import type {RunPlaybookResult} from '../run-playbook.js'
import type {PrepareContext, PreparedPlaybook} from '../deploy/prepared-playbooks.js'
import {sshTargetFor} from '../ssh-targets.js'

interface Gathered {
  values: Map<string, string>
  /** Hosts that could not be asked (unreachable, or the command failed). */
  failed: string[]
}

async function gather(inv: Inventory, hosts: readonly string[], fact: () => FactRequest<string | undefined>, ctx: PrepareContext): Promise<Gathered> {
  const values = new Map<string, string>()
  const failed: string[] = []
  await Promise.all(
    hosts.map(async (host) => {
      let shell: RemoteShell | undefined
      try {
        shell = await ctx.shell(sshTargetFor(inv, host, ctx.environ))
        const req = fact()
        const r = await shell.run(renderCmd(req.command))
        const value = r.exitCode === 0 ? req.parse(r.stdout, 0) : undefined
        if (r.exitCode !== 0) failed.push(host)
        else if (value) values.set(host, value)
      } catch {
        failed.push(host)
      } finally {
        await shell?.close().catch(() => undefined)
      }
    }),
  )
  return {values, failed: failed.sort()}
}

/**
 * The backup hosts' keys the sources will trust (StrictHostKeyChecking=yes). A key that is not the one the inventory
 * pins stops the phase with the host, both fingerprints and the pin's location: written anyway, it would let a
 * machine in the middle receive every source's backups; dropped, restic would fail later with a bare ssh message.
 */
function pinnable(inv: Inventory, keys: Map<string, string>, environ: Record<string, string | undefined>): Map<string, string> {
  const out = new Map<string, string>()
  for (const [host, line] of keys) {
    const pinned = inv.hosts.find((h) => h.name === host)?.hostKey
    const presented = sshFingerprint(Buffer.from(line.split(' ')[1] ?? '', 'base64'))
    if (pinned && normalizeFingerprint(pinned) !== presented) {
      const t = sshTargetFor(inv, host, environ)
      throw sshErrors.hostKeyMismatch(
        {host, address: t.address, port: t.port, ...(t.at ? {at: t.at} : {})},
        [normalizeFingerprint(pinned)],
        presented,
        `the pinned hostKey (compared with ${host}'s /etc/ssh/ssh_host_ed25519_key.pub)`,
      )
    }
    out.set(host, line)
  }
  return out
}

const merge = (a: RunPlaybookResult, b: RunPlaybookResult): RunPlaybookResult => ({
  playbook: 'backup',
  check: a.check,
  hosts: [...a.hosts, ...b.hosts],
  summary: {
    ok: a.summary.ok + b.summary.ok,
    changed: a.summary.changed + b.summary.changed,
    failed: a.summary.failed + b.summary.failed,
    unreachable: a.summary.unreachable + b.summary.unreachable,
  },
  ...((a.aborted ?? b.aborted) ? {aborted: (a.aborted ?? b.aborted)!} : {}),
})

async function secretsInput(ctx: PrepareContext): Promise<Pick<BackupPlaybookInput, 'secret'>> {
  const store = await ctx.secrets()
  return {secret: (n) => (store.has(n) ? store.get(n) : undefined)}
}

/**
 * The `backups` deploy phase. Keys cross hosts, so it runs in two steps: the backup hosts' ssh host keys are read
 * (to pin in the sources' known_hosts), the source half runs (key pairs, password, scripts, timers), the sources'
 * public keys are read, then the repository half authorizes them. If a source cannot be asked for its key, the
 * repository half does not run: rewriting authorized_keys without that key would cut the source off. When every
 * source already has its key pair (read with the host keys), both halves are one run of the whole playbook.
 */
export const backupPrepared: PreparedPlaybook = {
  targets: ['all'],
  preflight: async (inv, ctx) => {
    const pb = backupSourcePlaybook(inv, {...(await secretsInput(ctx)), sourceKeys: new Map()})
    // A missing repository password surfaces here, before any change: every host's at once.
    const problems = new Problems()
    for (const h of inv.hosts.filter((x) => ctx.hosts.includes(x.name) && pb.targets.includes(x.name)))
      await problems.check(() => pb.tasksFor(inv, h))
    problems.throwIfAny()
  },
  prepare: async (inv, ctx) => backupSourcePlaybook(inv, {...(await secretsInput(ctx)), sourceKeys: new Map()}),
  run: async (inv, ctx, runPlaybook) => {
    const plan = planBackups(inv)
    const input = await secretsInput(ctx)
    const repositoryHosts = plan.repositories.map((r) => r.host)
    const sources = [...new Set(plan.repositories.flatMap((r) => r.sources))].sort()
    const [hostKeys, pairs] = await Promise.all([gather(inv, repositoryHosts, sshHostKeyFact, ctx), gather(inv, sources, backupKeyPairFact, ctx)])
    const unknown = repositoryHosts.filter((h) => !hostKeys.values.has(h))
    if (unknown.length > 0) {
      // The sources refuse a backup host whose key they were not given, so there is nothing useful to install yet.
      return {
        playbook: 'backup',
        check: ctx.check,
        hosts: [],
        summary: {ok: 0, changed: 0, failed: 0, unreachable: 0},
        aborted: {
          reason: `could not read the ssh host key of backup host ${unknown.join(', ')}; the sources would refuse it (StrictHostKeyChecking=yes), so nothing was changed`,
          skippedHosts: [...ctx.hosts],
        },
      }
    }
    const backupHostKeys = pinnable(inv, hostKeys.values, ctx.environ)
    // Every source has its key pair already, and its tasks keep it (ssh-keygen runs only without the private key): the
    // backup hosts can authorize those keys in the same run, so a run with nothing to create is one run, not two in a row.
    if (pairs.failed.length === 0 && sources.every((s) => pairs.values.has(s)))
      return runPlaybook(backupPlaybook(inv, {...input, sourceKeys: pairs.values, backupHostKeys}))
    const first = await runPlaybook(backupSourcePlaybook(inv, {...input, sourceKeys: new Map(), backupHostKeys}))
    const keys = await gather(inv, sources, backupPublicKeyFact, ctx)
    if (keys.failed.length > 0) {
      const skipped = plan.repositories.map((r) => r.host).filter((h) => ctx.hosts.includes(h))
      return {
        ...first,
        aborted: {
          reason: `could not read the backup key of ${keys.failed.join(', ')}; the backup hosts were left as they are so no source loses access`,
          skippedHosts: skipped,
        },
      }
    }
    return merge(first, await runPlaybook(backupRepositoryPlaybook(inv, {...input, sourceKeys: keys.values})))
  },
}
