import type {Host, Inventory} from '../inventory/model.js'
import {CERT_DIR} from '../netsvc/cert-plan.js'
import {buildVhosts, renderVhost, VHOST_VALIDATE, vhostPath} from '../netsvc/nginx-vhost.js'
import {parseTaskArgs} from '../tasks/registry.js'
import {playbookErrors} from './errors.js'
import type {Playbook, PlaybookTask} from './model.js'

export const PROXY_PLAYBOOK = 'proxy'
export const RELOAD_NGINX = 'reload nginx'

function task(name: string, type: string, raw: Record<string, unknown>, tags: string[], notify: string[] = []): PlaybookTask {
  const parsed = parseTaskArgs(type, raw)
  if (!parsed.ok) throw playbookErrors.builtinInvalid(PROXY_PLAYBOOK, `${name}: ${parsed.issues.map((i) => i.message).join('; ')}`)
  return {name, type: parsed.value.type, task: parsed.value.task, args: parsed.value.args, tags, notify}
}

/**
 * Tasks for one proxy host: nginx, the certificate directory, and one vhost file per workload domain, each checked
 * with nginx -t before it replaces the live one. Certificates themselves come from the pki commands (not here).
 */
export function proxyTasks(inv: Inventory, _host: Host): PlaybookTask[] {
  return [
    task('nginx package', 'package', {names: ['nginx']}, ['proxy', 'packages']),
    task(`certificate directory ${CERT_DIR}`, 'directory', {path: CERT_DIR, owner: 'root', group: 'root', mode: '0750'}, ['proxy', 'tls']),
    ...buildVhosts(inv).map((v) =>
      task(`vhost ${v.domain}`, 'file', {path: vhostPath(v.domain), content: renderVhost(v), owner: 'root', group: 'root', mode: '0644', validate: VHOST_VALIDATE}, ['proxy', 'vhosts'], [RELOAD_NGINX]),
    ),
  ]
}

/** Built-in playbook `proxy` for role-proxy hosts; a pure function of the inventory. */
export function proxyPlaybook(): Playbook {
  return {
    name: PROXY_PLAYBOOK,
    targets: ['role:proxy'],
    vars: {},
    tasksFor: proxyTasks,
    handlersFor: () => [task(RELOAD_NGINX, 'service', {name: 'nginx', state: 'reloaded'}, [])],
  }
}
