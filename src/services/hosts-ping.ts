import type {OpsErrorJson} from '../errors/ops-error.js'
import {isOpsError} from '../errors/ops-error.js'
import {SshError} from '../errors/ssh-errors.js'
import {commandSucceedsFact} from '../facts/command-status.js'
import {osReleaseFact} from '../facts/os-release.js'
import {gatherFacts} from '../exec/runner/gather.js'
import {newToken} from '../exec/runner/token.js'
import {normalizeFingerprint, sshFingerprint} from '../exec/ssh/fingerprint.js'
import {loadHostKeyPolicy} from '../exec/ssh/connect.js'
import {lookupKnownHosts} from '../exec/ssh/known-hosts.js'
import type {SshTarget} from '../exec/ssh/types.js'
import type {Inventory} from '../inventory/model.js'
import {selectHosts} from '../playbooks/targets.js'
import {cmd, sudo} from '../tasks/cmd.js'
import type {RunPlaybookDeps} from './run-playbook.js'
import {defaultRunDeps} from './run-playbook.js'
import {sshTargetFor} from './ssh-targets.js'

/** One element of `kotadc hosts ping --json`. */
export interface PingResult {
  host: string
  address: string
  ok: boolean
  /** The host key fingerprint that was accepted (or, on a mismatch, the one presented). */
  fingerprint: string | null
  os: {id: string; version: string; arch: string} | null
  /** The login user can run `sudo -n true`. */
  sudo: boolean | null
  /** Time for the connection plus one command round trip. */
  latencyMs: number | null
  error?: OpsErrorJson
}

/** The trusted fingerprint of a target whose connection succeeded: the pin, or its known_hosts entry. */
async function acceptedFingerprint(t: SshTarget): Promise<string | null> {
  const policy = await loadHostKeyPolicy(t)
  if (policy.kind === 'pinned') return normalizeFingerprint(policy.fingerprint)
  if (policy.kind === 'none') return null
  const entry = lookupKnownHosts(policy.entries, policy.name).trusted[0]
  return entry ? sshFingerprint(entry.key) : null
}

/** `kotadc hosts ping`: per host, reachability, host key check, login, sudo and OS facts, in one round trip after connecting. */
export async function pingHosts(
  inv: Inventory,
  opts: {targets: string[]; environ?: Record<string, string | undefined>; now?: () => number},
  deps: Pick<RunPlaybookDeps, 'connect'> = defaultRunDeps(),
): Promise<PingResult[]> {
  const now = opts.now ?? (() => performance.now())
  const hosts = selectHosts(inv, opts.targets.length ? opts.targets : ['all'], [])
  return Promise.all(
    hosts.map(async (h): Promise<PingResult> => {
      const target = sshTargetFor(inv, h.name, opts.environ ?? {})
      const base = {host: h.name, address: h.address}
      const started = now()
      try {
        const shell = await deps.connect(target)
        try {
          const os = osReleaseFact()
          const canSudo = commandSucceedsFact({cmd: sudo(cmd('true'))})
          const facts = await gatherFacts(shell, [os, canSudo], newToken(), 30_000)
          const latencyMs = Math.round(now() - started)
          const rel = facts.get(os.key) as {id: string; versionId: string; arch: string}
          return {
            ...base,
            ok: true,
            fingerprint: await acceptedFingerprint(target),
            os: {id: rel.id, version: rel.versionId, arch: rel.arch},
            sudo: facts.get(canSudo.key) === true,
            latencyMs,
          }
        } finally {
          await shell.close().catch(() => undefined)
        }
      } catch (e) {
        if (!isOpsError(e)) throw e
        const presented = e instanceof SshError ? (e.extra.presented as string | undefined) : undefined
        return {...base, ok: false, fingerprint: presented ?? null, os: null, sudo: null, latencyMs: null, error: e.toJSON()}
      }
    }),
  )
}
