import {Problems} from '../../errors/problems.js'
import type {RemoteShell} from '../../exec/ssh/types.js'
import type {Inventory} from '../../inventory/model.js'
import type {Secret} from '../../inventory/secret.js'
import type {CertAction} from '../../pki/cert-plan.js'
import {certPaths, planCertificates} from '../../pki/cert-plan.js'
import {certNotAfter} from '../../pki/cert-read.js'
import {gatherFacts} from '../../exec/runner/gather.js'
import {type FileInfo, fileFact} from '../../facts/file.js'
import {netsvcErrors} from '../../errors/netsvc.js'
import {CA_CERT_SECRET, CA_KEY_SECRET, csrCommand, pemBlocks} from '../../pki/openssl.js'
import {exposedWorkloads, proxyHosts} from '../../netsvc/topology.js'
import {proxyPlaybook, proxyTasks} from '../../proxy/playbook.js'
import {renderCmd} from '../../tasks/cmd.js'
import type {PrepareContext, PreparedPlaybook} from '../deploy/prepared-playbooks.js'
import {READ_TIMEOUT_MS, withHost} from '../netsvc/remote.js'

const isRemoteFailure = (e: unknown): boolean => (e as {code?: string})?.code?.startsWith('SSH_') === true

/**
 * The certificate plan of one proxy host, from the notAfter of the certificates it has: the files are read as file
 * facts (every certificate in one command) and their expiry is read here, so the host runs no openssl for it.
 */
export async function hostCertPlan(inv: Inventory, shell: RemoteShell, now: Date, token: string): Promise<CertAction[]> {
  const requests = new Map(exposedWorkloads(inv).map((e) => [e.domain, fileFact({path: certPaths(e.domain).crt, content: true})]))
  const facts = await gatherFacts(shell, [...requests.values()], token, READ_TIMEOUT_MS)
  const expiry = (domain: string): Date | undefined => {
    const request = requests.get(domain)
    const info = request && (facts.get(request.key) as FileInfo | undefined)
    // Missing, not a file, or too big to read: issued again, like a certificate that does not parse.
    return info?.exists && info.content ? certNotAfter(info.content.toString('utf8')) : undefined
  }
  return planCertificates(inv, {now, expiry})
}

/** CSRs made on the host for the domains, signed here with the site CA: domain → certificate. */
async function issue(
  shell: RemoteShell,
  host: string,
  domains: string[],
  ctx: PrepareContext,
  ca: {key: Secret; cert: string},
): Promise<Map<string, string>> {
  const r = await shell.run(renderCmd(csrCommand(domains)), {timeoutMs: READ_TIMEOUT_MS})
  const csrs = pemBlocks(r.stdout, 'CERTIFICATE REQUEST')
  if (r.exitCode !== 0 || csrs.length !== domains.length) throw netsvcErrors.csrMissing(host, domains.length, csrs.length)
  const out = new Map<string, string>()
  for (const [i, d] of domains.entries()) out.set(d, await ctx.sign(csrs[i] as string, d, ca))
  return out
}

/**
 * `proxy`: every host gets the site CA; each proxy host's certificates are planned from their expiry, and those to
 * issue or renew are signed now (apply) or reported (check). An unreachable proxy is left to the runner to report.
 */
export const proxyPrepared: PreparedPlaybook = {
  targets: ['all'],
  preflight: async (inv, ctx) => {
    const first = exposedWorkloads(inv)[0]
    const secrets = await ctx.secrets()
    const problems = new Problems()
    if (first && !(secrets.has(CA_CERT_SECRET) && secrets.has(CA_KEY_SECRET))) problems.add(netsvcErrors.noCa(first.domain, first.at))
    const none = {caCert: '', issued: () => undefined, pending: () => undefined}
    for (const h of inv.hosts.filter((x) => ctx.hosts.includes(x.name))) await problems.check(() => proxyTasks(inv, h, none))
    problems.throwIfAny()
  },
  prepare: async (inv, ctx) => {
    const secrets = await ctx.secrets()
    const exposed = exposedWorkloads(inv)
    const caCert = secrets.has(CA_CERT_SECRET) ? secrets.get(CA_CERT_SECRET).reveal() : undefined
    if (exposed[0] && (caCert === undefined || !secrets.has(CA_KEY_SECRET))) throw netsvcErrors.noCa(exposed[0].domain, exposed[0].at)
    const issued = new Map<string, Map<string, string>>()
    const pending = new Map<string, Map<string, string>>()
    const proxies = exposed.length === 0 ? [] : proxyHosts(inv).filter((h) => ctx.hosts.includes(h.name))
    await Promise.all(
      proxies.map(async (h) => {
        try {
          await withHost(inv, h.name, {connect: ctx.shell, environ: ctx.environ}, async (s) => {
            const due = (await hostCertPlan(inv, s, ctx.now(), ctx.token())).filter((a) => a.action !== 'keep')
            pending.set(h.name, new Map(due.map((a) => [a.domain, `${a.action}: ${a.reason}`])))
            if (ctx.check || due.length === 0) return
            issued.set(
              h.name,
              await issue(
                s,
                h.name,
                due.map((a) => a.domain),
                ctx,
                {key: secrets.get(CA_KEY_SECRET), cert: caCert as string},
              ),
            )
          })
        } catch (e) {
          if (!isRemoteFailure(e)) throw e
        }
      }),
    )
    return proxyPlaybook({caCert, issued: (h, d) => issued.get(h)?.get(d), pending: (h, d) => pending.get(h)?.get(d)})
  },
}
