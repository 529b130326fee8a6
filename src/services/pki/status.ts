import path from 'node:path'
import type {OpsErrorJson} from '../../errors/ops-error.js'
import {pkiCaUnconstrained} from '../../errors/catalog.js'
import {isOpsError} from '../../errors/ops-error.js'
import {connectSsh} from '../../exec/ssh/connect.js'
import type {RemoteShell, SshTarget} from '../../exec/ssh/types.js'
import type {Inventory} from '../../inventory/model.js'
import {openSecrets} from '../../inventory/secrets.js'
import {CA_CERT_SECRET} from '../../pki/openssl.js'
import {exposedWorkloads, proxyHosts} from '../../netsvc/topology.js'
import {hostCertPlan} from '../proxy/prepared.js'
import {newToken} from '../../exec/runner/token.js'
import {withHost} from '../netsvc/remote.js'
import type {CaInfo} from './init.js'
import {caInfo} from './init.js'

export interface CertStatusRow {
  host: string
  domain: string
  workload: string
  /** notAfter, ISO; null when the host has no certificate for the domain. */
  expiresAt: string | null
  /** What the next proxy run does with it. */
  action: 'issue' | 'renew' | 'keep'
  reason: string
}

/** The `kotadc pki status --json` contract. */
export interface PkiStatusResult {
  /** `warning` (PKI_CA_UNCONSTRAINED) when the CA may sign names outside the site domain. */
  ca: (CaInfo & {present: true; warning?: OpsErrorJson}) | {present: false}
  certificates: CertStatusRow[]
  unreachable: {host: string; error: OpsErrorJson}[]
}

export interface PkiStatusDeps {
  connect(target: SshTarget): Promise<RemoteShell>
  now(): Date
}

const caStatus = (info: CaInfo, domain: string): PkiStatusResult['ca'] =>
  info.permittedDomains.includes(domain)
    ? {present: true, ...info}
    : {present: true, ...info, warning: pkiCaUnconstrained(domain, info.permittedDomains).toJSON()}

/** The site CA from the secrets, and every proxy host's certificate per workload domain with its expiry. */
export async function pkiStatus(
  inv: Inventory,
  opts: {cwd: string; environ: Record<string, string | undefined>},
  deps: PkiStatusDeps = {connect: connectSsh, now: () => new Date()},
): Promise<PkiStatusResult> {
  const secrets = await openSecrets({dir: path.resolve(opts.cwd, inv.root), environ: opts.environ})
  const ca = secrets.has(CA_CERT_SECRET) ? caStatus(caInfo(secrets.get(CA_CERT_SECRET).reveal()), inv.site.domain) : {present: false as const}
  const proxies = exposedWorkloads(inv).length === 0 ? [] : proxyHosts(inv)
  const unreachable: PkiStatusResult['unreachable'] = []
  const perHost = await Promise.all(
    proxies.map(async (h) => {
      try {
        const plan = await withHost(inv, h.name, {connect: deps.connect, environ: opts.environ}, (s) => hostCertPlan(inv, s, deps.now(), newToken()))
        return plan.map((a): CertStatusRow => ({
          host: h.name,
          domain: a.domain,
          workload: a.workload,
          expiresAt: a.action === 'issue' ? null : a.expiresAt,
          action: a.action,
          reason: a.reason,
        }))
      } catch (e) {
        if (!isOpsError(e)) throw e
        unreachable.push({host: h.name, error: e.toJSON()})
        return []
      }
    }),
  )
  return {ca, certificates: perHost.flat(), unreachable}
}
