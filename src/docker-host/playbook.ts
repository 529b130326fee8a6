import type {Host, Inventory} from '../inventory/model.js'
import {shellQuote} from '../tasks/quote.js'
import {parseTaskArgs} from '../tasks/registry.js'
import {playbookErrors} from '../errors/playbook.js'
import type {Playbook, PlaybookTask} from '../playbooks/model.js'

export const DOCKER_HOST_PLAYBOOK = 'docker-host'
export const DAEMON_JSON = '/etc/docker/daemon.json'
const RESTART_DOCKER = 'restart docker'

/** Log rotation defaults: a chatty container must not fill the disk (json-file keeps logs forever otherwise). */
export const DOCKER_LOG_DEFAULTS = {logMaxSize: '10m', logMaxFile: '3'} as const

/**
 * Validates the new daemon.json before it replaces the old one. `dockerd --validate` arrived in Docker 23; Debian 12
 * ships 20.10, so older daemons get a JSON syntax check instead of no check at all.
 */
export const DAEMON_JSON_VALIDATE =
  "if dockerd --help 2>&1 | grep -q -- '--validate'; then dockerd --validate --config-file %s; else python3 -m json.tool %s >/dev/null; fi"

function task(name: string, type: string, raw: Record<string, unknown>, tags: string[], notify: string[] = []): PlaybookTask {
  const parsed = parseTaskArgs(type, raw)
  if (!parsed.ok) throw playbookErrors.builtinInvalid(DOCKER_HOST_PLAYBOOK, `${name}: ${parsed.issues.map((i) => i.message).join('; ')}`)
  return {name, type: parsed.value.type, task: parsed.value.task, args: parsed.value.args, tags, notify}
}

/**
 * daemon.json as an object serialized by JSON.stringify, never text with values pasted in: a host var such as
 * `10m", "runtimes": {...` must stay one string value, not become a `runtimes` key (root on the docker host).
 * The inventory validator types these vars; non-matching types fall back to the defaults here as well.
 */
export function daemonConfig(host: Host): Record<string, unknown> {
  const {dockerLogMaxSize: size, dockerLogMaxFile: files, dockerLiveRestore} = host.vars
  return {
    'live-restore': dockerLiveRestore !== false,
    'log-driver': 'json-file',
    'log-opts': {
      'max-file': Number.isInteger(files) ? String(files) : DOCKER_LOG_DEFAULTS.logMaxFile,
      'max-size': typeof size === 'string' ? size : DOCKER_LOG_DEFAULTS.logMaxSize,
    },
  }
}

/**
 * Whether the playbook starts and enables the docker service. `vars.dockerService: false` leaves it alone: lab
 * containers are unprivileged and cannot run dockerd, so the lab rehearses everything up to the service start.
 */
export const managesDockerService = (host: Host): boolean => host.vars.dockerService !== false

/** The login user terraform's docker provider connects as (ssh://user@host) must reach the docker socket. */
const loginUser = (inv: Inventory, host: Host): string => host.ssh?.user ?? inv.site.ssh.user

/** Docker on one host with role docker: package, daemon.json (log rotation, live-restore), socket access, service. */
export function dockerHostTasks(inv: Inventory, host: Host): PlaybookTask[] {
  const user = loginUser(inv, host)
  const tasks = [
    // python3 serves the daemon.json check on daemons too old for `dockerd --validate`.
    task('docker packages', 'package', {names: ['docker.io', 'python3'], update: true}, ['packages']),
    task('/etc/docker', 'directory', {path: '/etc/docker', owner: 'root', group: 'root', mode: '0755'}, ['config']),
    task(
      'docker daemon.json',
      'file',
      {
        path: DAEMON_JSON,
        content: `${JSON.stringify(daemonConfig(host), null, 2)}\n`,
        owner: 'root',
        group: 'root',
        mode: '0644',
        validate: DAEMON_JSON_VALIDATE,
      },
      ['config'],
      managesDockerService(host) ? [RESTART_DOCKER] : [],
    ),
    task(
      `${user} in group docker`,
      'command',
      {
        argv: ['usermod', '--append', '--groups', 'docker', '--', user],
        sudo: true,
        unless: `id -nG -- ${shellQuote(user)} | tr ' ' '\\n' | grep -qx docker`,
      },
      ['access'],
    ),
  ]
  if (managesDockerService(host)) tasks.push(task('docker service', 'service', {name: 'docker', state: 'started', enabled: true}, ['service']))
  return tasks
}

/** Built-in playbook `docker-host`: hosts with role docker, tasks derived from the inventory. */
export function dockerHostPlaybook(): Playbook {
  return {
    name: DOCKER_HOST_PLAYBOOK,
    targets: ['role:docker'],
    vars: {},
    tasksFor: dockerHostTasks,
    handlersFor: (_inv, host) => (managesDockerService(host) ? [task(RESTART_DOCKER, 'service', {name: 'docker', state: 'restarted'}, [])] : []),
  }
}
