import {generateKeyPairSync} from 'node:crypto'
import {vmErrors} from '../../errors/vms.js'
import type {Inventory, VmWorkload} from '../../inventory/model.js'
import type {SecretStore} from '../../inventory/secrets.js'
import {hostKeySecret} from '../../vms/conventions.js'
import {withVmPins} from '../../vms/hosts.js'
import {parsePrivateKeyFile, privateKeyFile, publicKeyLine} from '../../vms/openssh-key.js'
import {openSecretsFile, saveSecrets} from '../secrets/store.js'

/** A fresh ed25519 host key as OpenSSH writes it; the private half goes only into secrets.age and the seed. */
export function newHostKey(vm: string): string {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({format: 'jwk'})
  return privateKeyFile({seed: Buffer.from(jwk.d ?? '', 'base64url'), publicKey: Buffer.from(jwk.x ?? '', 'base64url')}, `root@${vm}`)
}

/**
 * Generates the host keys of the VMs that have none and stores them in secrets.age in one write (encrypted to
 * recipients.txt, the previous file kept as .bak). Returns the inventory with those VMs pinned to their new keys.
 */
export async function createHostKeys(
  inv: Inventory,
  vms: readonly VmWorkload[],
  opts: {cwd: string; environ: Record<string, string | undefined>},
): Promise<{inventory: Inventory; created: Record<string, string>}> {
  if (vms.length === 0) return {inventory: inv, created: {}}
  const s = await openSecretsFile(inv, opts)
  const added = Object.fromEntries(
    vms.filter((vm) => s.map[hostKeySecret(vm.name)] === undefined).map((vm) => [hostKeySecret(vm.name), newHostKey(vm.name)]),
  )
  const map = {...s.map, ...added}
  if (Object.keys(added).length) await saveSecrets(s, map)
  return {inventory: withVmPins(inv, (n) => map[n]), created: added}
}

/** The VM's host key from the secret store: private key file and public line. */
export function hostKeyOf(
  store: Pick<SecretStore, 'has' | 'get'>,
  vm: string,
  fresh?: Record<string, string>,
): {privateKey: string; publicKey: string} {
  const name = hostKeySecret(vm)
  const text = fresh?.[name] ?? (store.has(name) ? store.get(name).reveal() : undefined)
  if (text === undefined) throw vmErrors.hostKeyMissing(vm, name)
  const key = parsePrivateKeyFile(text)
  if (!key) throw vmErrors.hostKeyInvalid(vm, name)
  return {privateKey: text, publicKey: publicKeyLine(key.publicKey, `root@${vm}`)}
}
