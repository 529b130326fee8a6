import {statusErrors} from '../../errors/status.js'
import {isOpsError} from '../../errors/ops-error.js'
import {mapLimit} from '../../exec/runner/runner.js'
import type {RunEvent} from '../../exec/runner/types.js'
import type {ShellPool} from '../../exec/ssh/pool.js'
import type {RemoteShell} from '../../exec/ssh/types.js'
import type {Inventory} from '../../inventory/model.js'
import type {HostProbe} from '../../status/host-probe.js'
import {hostProbeCmd, parseHostProbe} from '../../status/host-probe.js'
import type {HostStatus} from '../../status/model.js'
import {probeRequests} from '../../status/workloads.js'
import {renderCmd} from '../../tasks/cmd.js'
import {sshTargetFor} from '../ssh-targets.js'

const PROBE_TIMEOUT_MS = 30_000

export interface HostsGathered {
  hosts: HostStatus[]
  probes: Map<string, HostProbe>
  /** When the last connection attempt settled, from the start (ms). */
  connectMs: number
}

const errorOf = (e: unknown): {code: string; message: string} => {
  if (!isOpsError(e)) throw e
  return {code: e.code, message: e.message}
}

/**
 * Connects to every host through the pool (at most `forks` at once), then asks each, in one round trip, for its facts,
 * containers, databases and ports. The pool keeps the connections open for the rest of the status pass.
 */
export async function gatherHosts(
  inv: Inventory,
  pool: ShellPool,
  opts: {environ: Record<string, string | undefined>; forks?: number; onEvent?: (e: RunEvent) => void; now: () => number},
): Promise<HostsGathered> {
  const requests = probeRequests(inv)
  const probes = new Map<string, HostProbe>()
  const start = opts.now()
  let connectMs = 0
  opts.onEvent?.({kind: 'start', hosts: inv.hosts.map((h) => h.name)})
  const hosts = await mapLimit(inv.hosts, opts.forks ?? inv.hosts.length, async (h): Promise<HostStatus> => {
    const base = {name: h.name, address: h.address, roles: [...h.roles]}
    opts.onEvent?.({kind: 'host', host: h.name, phase: 'connecting'})
    let shell: RemoteShell
    try {
      shell = await pool.shell(sshTargetFor(inv, h.name, opts.environ))
    } catch (e) {
      connectMs = Math.max(connectMs, opts.now() - start)
      opts.onEvent?.({kind: 'host-done', host: h.name, status: 'unreachable'})
      return {...base, reachable: false, error: errorOf(e)}
    }
    connectMs = Math.max(connectMs, opts.now() - start)
    opts.onEvent?.({kind: 'host', host: h.name, phase: 'gathering'})
    try {
      const r = await shell.run(renderCmd(hostProbeCmd(requests.get(h.name) ?? {docker: false, postgres: false, ports: []})), {
        timeoutMs: PROBE_TIMEOUT_MS,
      })
      const probe = r.exitCode === 0 ? parseHostProbe(r.stdout) : undefined
      if (!probe) throw statusErrors.probeFailed(h.name, r.exitCode, r.stderr)
      probes.set(h.name, probe)
      opts.onEvent?.({kind: 'host-done', host: h.name, status: 'ok'})
      const {os, uptimeSeconds, load, memory, filesystems} = probe
      return {...base, reachable: true, os, uptimeSeconds, load, memory, filesystems}
    } catch (e) {
      opts.onEvent?.({kind: 'host-done', host: h.name, status: 'failed'})
      return {...base, reachable: true, error: errorOf(e)}
    }
  })
  return {hosts, probes, connectMs}
}
