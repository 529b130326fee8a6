import type {Host, Inventory} from '../inventory/model.js'
import {CERT_DIR, certPaths, RENEW_WITHIN_DAYS} from '../pki/cert-plan.js'
import {buildVhosts, VHOST_DIR, VHOST_TEMPLATE, VHOST_VALIDATE, vhostPath, vhostTemplateVars} from './nginx-vhost.js'
import {CA_TRUST_PATH} from '../pki/openssl.js'
import {exposedWorkloads} from '../netsvc/topology.js'
import {shellQuote} from '../tasks/quote.js'
import {parseTaskArgs} from '../tasks/registry.js'
import {playbookErrors} from '../errors/playbook.js'
import type {Playbook, PlaybookTask} from '../playbooks/model.js'

export const PROXY_PLAYBOOK = 'proxy'
export const RELOAD_NGINX = 'reload nginx'
export const UPDATE_TRUST = 'update trust store'
/** nginx-light has TLS, proxy and upstream keepalive, which is all a reverse proxy needs; `vars.nginxPackage` overrides. */
export const DEFAULT_NGINX_PACKAGE = 'nginx-light'

/** What the proxy playbook needs besides the inventory: the site CA and the certificates signed for this run. */
export interface ProxyPlaybookInput {
  /** The site CA certificate (PEM); undefined when `kotadc pki init` has not run. */
  caCert: string | undefined
  /** A freshly signed certificate to install, by host and domain (issue or renewal). */
  issued(host: string, domain: string): string | undefined
  /** Check mode: why a certificate would be issued or renewed on this host, undefined when it is kept. */
  pending(host: string, domain: string): string | undefined
}

type Raw = Record<string, unknown>

function task(name: string, type: string, raw: Raw, tags: string[], notify: string[] = [], at?: PlaybookTask['at']): PlaybookTask {
  const parsed = parseTaskArgs(type, raw)
  if (!parsed.ok) throw playbookErrors.builtinInvalid(PROXY_PLAYBOOK, `${name}: ${parsed.issues.map((i) => i.message).join('; ')}`)
  return {name, type: parsed.value.type, task: parsed.value.task, args: parsed.value.args, tags, notify, ...(at ? {at} : {})}
}

function trustTasks(input: ProxyPlaybookInput): PlaybookTask[] {
  if (input.caCert === undefined) return []
  return [
    task(
      'site CA in the trust store',
      'file',
      {path: CA_TRUST_PATH, content: input.caCert, owner: 'root', group: 'root', mode: '0644'},
      ['pki', 'trust'],
      [UPDATE_TRUST],
    ),
  ]
}

function certTasks(inv: Inventory, host: Host, input: ProxyPlaybookInput): PlaybookTask[] {
  return exposedWorkloads(inv).flatMap((e) => {
    const {crt} = certPaths(e.domain)
    const pem = input.issued(host.name, e.domain)
    if (pem !== undefined)
      return [
        task(
          `certificate ${e.domain}`,
          'file',
          {path: crt, content: pem, owner: 'root', group: 'root', mode: '0644'},
          ['proxy', 'tls'],
          [RELOAD_NGINX],
          e.at,
        ),
      ]
    const why = input.pending(host.name, e.domain)
    if (why === undefined) return []
    // Check mode cannot sign (that needs a CSR from the host); this stands in and plans "changed" for the same reason.
    const valid = `openssl x509 -checkend ${RENEW_WITHIN_DAYS * 86_400} -noout -in ${shellQuote(crt)}`
    return [task(`certificate ${e.domain} (${why})`, 'command', {argv: ['true'], sudo: true, unless: valid}, ['proxy', 'tls'], [RELOAD_NGINX], e.at)]
  })
}

// A domain that left the inventory would keep its vhost, whose upstream name the workload's new vhost reuses:
// nginx would then refuse the whole configuration on reload.
function staleVhostsTask(inv: Inventory): PlaybookTask {
  const keep = buildVhosts(inv)
    .map((v) => shellQuote(vhostPath(v.domain).slice(VHOST_DIR.length + 1)))
    .join(' ')
  const stale = `cd ${shellQuote(VHOST_DIR)} && for f in kotadc-*.conf; do [ -e "$f" ] || continue; case " ${keep} " in *" $f "*) ;; *) echo "$f";; esac; done`
  return task(
    'stale vhosts',
    'command',
    {shell: `${stale} | while read -r f; do rm -f -- "$f"; done`, sudo: true, unless: `test -z "$(${stale})"`},
    ['proxy', 'vhosts'],
    [RELOAD_NGINX],
  )
}

/**
 * Tasks for one host. Every host trusts the site CA. Proxy hosts also get nginx, a certificate per workload domain
 * (signed by the site CA from a CSR made on the host) and one vhost per domain, each checked with nginx -t before
 * it replaces the live one.
 */
export function proxyTasks(inv: Inventory, host: Host, input: ProxyPlaybookInput): PlaybookTask[] {
  const trust = trustTasks(input)
  if (!host.roles.includes('proxy')) return trust
  const pkg = typeof host.vars.nginxPackage === 'string' ? host.vars.nginxPackage : DEFAULT_NGINX_PACKAGE
  const exposed = new Map(exposedWorkloads(inv).map((e) => [e.domain, e.at]))
  return [
    ...trust,
    task('nginx package', 'package', {names: [pkg]}, ['proxy', 'packages']),
    task(`certificate directory ${CERT_DIR}`, 'directory', {path: CERT_DIR, owner: 'root', group: 'root', mode: '0750'}, ['proxy', 'tls']),
    ...certTasks(inv, host, input),
    staleVhostsTask(inv),
    ...buildVhosts(inv).map((v) =>
      task(
        `vhost ${v.domain}`,
        'template',
        {
          src: VHOST_TEMPLATE,
          dest: vhostPath(v.domain),
          vars: {vhost: vhostTemplateVars(v)},
          owner: 'root',
          group: 'root',
          mode: '0644',
          validate: VHOST_VALIDATE,
        },
        ['proxy', 'vhosts'],
        [RELOAD_NGINX],
        exposed.get(v.domain),
      ),
    ),
    task('nginx running', 'service', {name: 'nginx', state: 'started'}, ['proxy']),
  ]
}

/** Built-in playbook `proxy`: the site CA on every host, nginx with TLS vhosts on role-proxy hosts. */
export function proxyPlaybook(input: ProxyPlaybookInput): Playbook {
  return {
    name: PROXY_PLAYBOOK,
    targets: ['all'],
    vars: {},
    tasksFor: (inv, host) => proxyTasks(inv, host, input),
    handlersFor: (_inv, host) => [
      task(UPDATE_TRUST, 'command', {argv: ['update-ca-certificates'], sudo: true}, []),
      ...(host.roles.includes('proxy') ? [task(RELOAD_NGINX, 'service', {name: 'nginx', state: 'reloaded'}, [])] : []),
    ],
  }
}
