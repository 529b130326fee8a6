import type {Inventory} from '../inventory/model.js'
import {exposedWorkloads} from '../netsvc/topology.js'

/** Where the proxy finds each domain's certificate and key (issued by the internal CA). */
export const CERT_DIR = '/etc/kotadc/tls'
export const certPaths = (domain: string): {crt: string; key: string} => ({crt: `${CERT_DIR}/${domain}.crt`, key: `${CERT_DIR}/${domain}.key`})

export const RENEW_WITHIN_DAYS = 30
const DAY_MS = 86_400_000

export type CertAction =
  | {domain: string; workload: string; action: 'issue'; reason: string}
  | {domain: string; workload: string; action: 'renew'; expiresAt: string; reason: string}
  | {domain: string; workload: string; action: 'keep'; expiresAt: string; reason: string}

export interface CertPlanInput {
  /** The caller's clock. */
  now: Date
  /** notAfter of the certificate the proxy has for the domain, undefined when it has none. */
  expiry: (domain: string) => Date | undefined
  renewWithinDays?: number
}

/** Every workload domain's certificate: issue when missing, renew when it expires within 30 days, else keep. */
export function planCertificates(inv: Inventory, input: CertPlanInput): CertAction[] {
  const window = (input.renewWithinDays ?? RENEW_WITHIN_DAYS) * DAY_MS
  return exposedWorkloads(inv).map(({domain, workload}): CertAction => {
    const notAfter = input.expiry(domain)
    if (notAfter === undefined) return {domain, workload, action: 'issue', reason: 'no certificate yet'}
    const left = notAfter.getTime() - input.now.getTime()
    const expiresAt = notAfter.toISOString()
    if (left <= 0) return {domain, workload, action: 'renew', expiresAt, reason: 'expired'}
    const days = Math.floor(left / DAY_MS)
    if (left <= window) return {domain, workload, action: 'renew', expiresAt, reason: `expires in ${days} days`}
    return {domain, workload, action: 'keep', expiresAt, reason: `valid for ${days} more days`}
  })
}
