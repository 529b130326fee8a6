import {sshOptionsEnv} from '../../../stacks/secret-variables.js'
import type {HostKeySource} from '../../exec/ssh/openssh.js'
import {opensshOptions, writePinnedKnownHosts} from '../../exec/ssh/openssh.js'
import type {Inventory} from '../../inventory/model.js'
import {sshTargetFor} from '../ssh-targets.js'

/**
 * terraform's docker provider runs OpenSSH, which knows nothing of the inventory's pins: the docker hosts' keys (and
 * their jump hosts') are verified by kotadc's own client first and written to the project's known_hosts, and each
 * stack gets ssh options that trust that file only. A key that does not match its pin stops here, typed.
 */
export async function stackSshEnv(
  inv: Inventory,
  hosts: readonly string[],
  projectRoot: string,
  environ: Record<string, string | undefined>,
  hostKeys: HostKeySource,
): Promise<Map<string, Record<string, string>>> {
  const targets = hosts.map((h) => sshTargetFor(inv, h, environ))
  const file = await writePinnedKnownHosts(projectRoot, targets, hostKeys)
  return new Map(targets.map((t) => [t.host, sshOptionsEnv(opensshOptions(t, file))]))
}
