import {sshTargetErrors} from '../errors/ssh-errors.js'
import type {Inventory} from '../inventory/model.js'
import {targetHostByName} from '../vms/hosts.js'
import {hostKeySecret} from '../vms/conventions.js'
import {vmErrors} from '../errors/vms.js'
import type {SshTarget} from '../exec/ssh/types.js'

/** Overrides the identity file of every host (CI, a personal key). */
export const SSH_KEY_ENV = 'KOTADC_SSH_KEY'

/**
 * How to reach an inventory host: site.ssh with the host's ssh overrides, KOTADC_SSH_KEY over any identityFile,
 * its pinned hostKey (or site.ssh.knownHosts), its jump host (resolved the same way) and its inventory location.
 */
export function sshTargetFor(inv: Inventory, name: string, environ: Record<string, string | undefined> = {}, chain: string[] = []): SshTarget {
  if (chain.includes(name)) throw sshTargetErrors.jumpLoop([...chain, name])
  const host = targetHostByName(inv, name)
  if (!host) throw sshTargetErrors.unknownHost(name)
  // A VM is reached only with the key kotadc gave it: never known_hosts, never trust on first use.
  if (host.vm && !host.hostKey) throw vmErrors.hostKeyMissing(name, hostKeySecret(name))
  const site = inv.site.ssh
  const identityFile = environ[SSH_KEY_ENV] || host.ssh?.identityFile || site.identityFile
  const jump = host.ssh?.jumpHost
  return {
    host: host.name,
    address: host.address,
    port: host.ssh?.port ?? site.port,
    user: host.ssh?.user ?? site.user,
    ...(identityFile ? {identityFile} : {}),
    ...(host.hostKey ? {hostKey: host.hostKey} : {}),
    ...(site.knownHosts && !host.vm ? {knownHostsFile: site.knownHosts} : {}),
    ...(site.connectTimeout ? {readyTimeoutMs: site.connectTimeout * 1000} : {}),
    ...(jump ? {jump: sshTargetFor(inv, jump, environ, [...chain, name])} : {}),
    at: host.connectionAt ?? host.at,
    ...(host.addressAt ? {addressAt: host.addressAt} : {}),
    ...(inv.fence ? {fence: inv.fence} : {}),
  }
}
