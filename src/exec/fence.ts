import {networkFenceInvalid, networkOutsideFence} from '../errors/catalog.js'
import type {NetworkFence} from '../inventory/model.js'
import {cidrContains, isCidr, parseCidr, parseIpv4, type Cidr} from '../inventory/validate/ipv4.js'
import type {SshTarget} from './ssh/types.js'

/** Comma-separated CIDRs: the networks kotadc may contact from this shell, whatever the inventory says. */
export const ALLOWED_NETWORKS_ENV = 'KOTADC_ALLOWED_NETWORKS'

/** What kotadc is about to reach a host for; named in the refusal. */
export type FenceRole = 'host' | 'jump host' | 'backup target' | 'docker host'

interface Fence {
  blocks: Cidr[]
  text: string
  declaredBy: string
}

function parseFence(networks: readonly string[], declaredBy: string, source: string): Fence {
  const blocks = networks.map((n) => {
    const c = parseCidr(n)
    if (!isCidr(c)) throw networkFenceInvalid(source, n)
    return c
  })
  return {blocks, text: networks.join(', '), declaredBy}
}

/** Every fence in force: the overlay's and the environment's; an address must be inside each (their intersection). */
function fencesOf(declared: NetworkFence | undefined, environ: Record<string, string | undefined>): Fence[] {
  const out: Fence[] = []
  if (declared) {
    const where = `${declared.at.file}:${declared.at.line}`
    out.push(parseFence(declared.networks, `allowedNetworks at ${where}`, `allowedNetworks at ${where}`))
  }
  const env = environ[ALLOWED_NETWORKS_ENV]?.trim()
  if (env) {
    const networks = env
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
    out.push(parseFence(networks, ALLOWED_NETWORKS_ENV, ALLOWED_NETWORKS_ENV))
  }
  return out
}

/**
 * The one gate in front of every connection to an inventory host: the SSH connection itself (and each jump host on
 * its way), terraform's docker provider and restic's backup repository. Throws NETWORK_OUTSIDE_FENCE for the first
 * address of the chain outside a fence, before any socket is opened; no fence declared means no restriction.
 * `environ` is the command's environment; connectSsh, the last line before a socket, always checks process.env.
 */
export function assertInsideFence(target: SshTarget, role: FenceRole = 'host', environ: Record<string, string | undefined> = process.env): void {
  const fences = fencesOf(target.fence, environ)
  if (fences.length === 0) return
  const hops: {t: SshTarget; role: FenceRole}[] = []
  for (let t: SshTarget | undefined = target, r = role; t; t = t.jump, r = 'jump host') hops.push({t, role: r})
  // Jump hosts first: they are dialled first, and a refused jump host explains why its targets are refused too.
  for (const {t, role: r} of hops.reverse()) {
    const addr = parseIpv4(t.address)
    const outside = fences.find((f) => addr === undefined || !f.blocks.some((b) => cidrContains(b, addr)))
    if (outside) {
      const addressAt = t.addressAt ?? t.at
      throw networkOutsideFence({
        role: r,
        host: t.host,
        address: t.address,
        ...(addressAt ? {addressAt} : {}),
        fence: outside.text,
        declaredBy: outside.declaredBy,
      })
    }
  }
}
