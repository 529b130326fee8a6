import type {Host, Inventory} from '../inventory/model.js'
import {backupAccount} from '../backup/conventions.js'
import {planBackups} from '../backup/plan.js'
import {shellQuote} from '../tasks/quote.js'
import {parseTaskArgs} from '../tasks/registry.js'
import {playbookErrors} from '../errors/playbook.js'
import type {Playbook, PlaybookTask} from '../playbooks/model.js'

export const BASE_PLAYBOOK = 'base'

/** Installed on every host; hosts add their own with `vars.basePackages`. */
export const BASE_PACKAGES: readonly string[] = ['openssh-server', 'sudo', 'ca-certificates', 'tzdata']

/**
 * Kernel settings for every host; `vars.sysctl` (key: value) adds or overrides, and `key: null` drops a base one.
 * Only network-namespaced keys at their usual value belong here: the same playbook runs in lab containers, where
 * /proc/sys is read-only and non-namespaced kernel.* keys cannot be set (Debian kernels default
 * kernel.dmesg_restrict to 1; a host that needs it adds it under vars.sysctl).
 */
export const BASE_SYSCTL: Readonly<Record<string, string>> = {
  'net.ipv4.tcp_syncookies': '1',
}

export const SSHD_DROPIN = '/etc/ssh/sshd_config.d/50-kotadc-hardening.conf'
const RELOAD_SSH = 'reload sshd'

// Built from values the inventory validated; a failure here means the inventory holds something the task types refuse.
function task(name: string, type: string, raw: Record<string, unknown>, tags: string[], notify: string[] = []): PlaybookTask {
  const parsed = parseTaskArgs(type, raw)
  if (!parsed.ok) throw playbookErrors.builtinInvalid(BASE_PLAYBOOK, `${name}: ${parsed.issues.map((i) => i.message).join('; ')}`)
  return {name, type: parsed.value.type, task: parsed.value.task, args: parsed.value.args, tags, notify}
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

function adminTasks(inv: Inventory): PlaybookTask[] {
  return inv.site.admins.flatMap((a) => {
    const home = `/home/${a.name}`
    return [
      task(`admin ${a.name}: account`, 'user', {name: a.name, groups: ['sudo'], shell: '/bin/bash', home}, ['admins']),
      task(`admin ${a.name}: ~/.ssh`, 'directory', {path: `${home}/.ssh`, owner: a.name, group: a.name, mode: '0700'}, ['admins']),
      task(
        `admin ${a.name}: authorized key`,
        'file',
        {path: `${home}/.ssh/authorized_keys`, content: `${a.sshKey.trim()}\n`, owner: a.name, group: a.name, mode: '0600'},
        ['admins'],
      ),
    ]
  })
}

function timezoneTasks(tz: string): PlaybookTask[] {
  const zone = `/usr/share/zoneinfo/${tz}`
  return [
    task('timezone: /etc/timezone', 'file', {path: '/etc/timezone', content: `${tz}\n`, owner: 'root', group: 'root', mode: '0644'}, ['timezone']),
    task(
      'timezone: /etc/localtime',
      'command',
      {
        argv: ['ln', '-sfn', zone, '/etc/localtime'],
        sudo: true,
        unless: `test "$(readlink /etc/localtime)" = ${shellQuote(zone)}`,
      },
      ['timezone'],
    ),
  ]
}

function sysctlTasks(host: Host): PlaybookTask[] {
  const extra = isRecord(host.vars.sysctl) ? host.vars.sysctl : {}
  const merged: Record<string, unknown> = {...BASE_SYSCTL, ...extra}
  return Object.entries(merged)
    .filter(([, value]) => value !== null)
    .map(([key, value]) =>
      task(`sysctl ${key}`, 'sysctl', {key, value: typeof value === 'number' ? String(value) : value, persist: true}, ['sysctl']),
    )
}

const backupAccountsOn = (inv: Inventory, host: Host): string[] =>
  host.roles.includes('backup') ? (planBackups(inv).repositories.find((r) => r.host === host.name)?.sources ?? []).map(backupAccount) : []

/** The base tasks for one host: packages, admins and their keys, sshd hardening, timezone, kernel settings. */
export function baseTasks(inv: Inventory, host: Host): PlaybookTask[] {
  const extraPackages = Array.isArray(host.vars.basePackages) ? host.vars.basePackages : []
  const admins = inv.site.admins.map((a) => a.name)
  return [
    task('base packages', 'package', {names: [...new Set([...BASE_PACKAGES, ...extraPackages])]}, ['packages']),
    ...adminTasks(inv),
    task(
      'sshd hardening',
      'template',
      {
        src: 'base/sshd-hardening.conf',
        dest: SSHD_DROPIN,
        owner: 'root',
        group: 'root',
        mode: '0644',
        // The login user must stay allowed, or the next run could not connect.
        // Backup hosts also let in each source's SFTP-only account (the backup playbook jails it in its repository).
        vars: {
          allowUsers: [...new Set([inv.site.ssh.user, host.ssh?.user, ...admins, ...backupAccountsOn(inv, host)].filter((u): u is string => !!u))],
        },
      },
      ['sshd'],
      [RELOAD_SSH],
    ),
    ...timezoneTasks(inv.site.timezone),
    ...sysctlTasks(host),
  ]
}

/** Built-in playbook `base`: every host, tasks derived from the inventory (a pure function of inventory and host). */
export function basePlaybook(): Playbook {
  return {
    name: BASE_PLAYBOOK,
    targets: ['all'],
    vars: {},
    tasksFor: baseTasks,
    handlersFor: () => [task(RELOAD_SSH, 'service', {name: 'ssh', state: 'reloaded'}, [])],
  }
}
