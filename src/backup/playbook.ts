import {
  BACKUP_KEY,
  BACKUP_KNOWN_HOSTS,
  PASSWORD_FILE,
  cronFile,
  scriptPath,
  unitName,
  verifyCronFile,
  verifyScriptPath,
  verifyUnitName,
} from './conventions.js'
import {backupErrors} from '../errors/backup.js'
import {knownHostLine} from './keys.js'
import type {BackupPlan, HostBackupPlan, PolicyRun} from './plan.js'
import {planBackups} from './plan.js'
import {onCalendarToCron} from './schedule.js'
import {backupScript, scriptInputFor} from './script.js'
import {VERIFY_SCHEDULE, verifyScript} from './verify-script.js'
import type {Host, Inventory} from '../inventory/model.js'
import {secretEnvVar} from '../inventory/validate/exposure.js'
import type {Playbook, PlaybookTask} from '../playbooks/model.js'
import {BACKUP_PLAYBOOK, RELOAD_HANDLER, RELOAD_UNITS, root, task} from './playbook-task.js'
import type {BackupPlaybookInput} from './playbook-task.js'
import {RELOAD_SSHD_HANDLER, repositoryHostTasks} from './repository-host-tasks.js'

export {BACKUP_PLAYBOOK} from './playbook-task.js'
export type {BackupPlaybookInput} from './playbook-task.js'

/** One scheduled job of a policy: what it is called, its unit, script and cron file, and when it runs. */
interface Job {
  what: string
  unit: string
  script: string
  cronFile: string
  schedule: string
}

const backupJob = (run: PolicyRun): Job => ({
  what: 'backup',
  unit: unitName(run.policy.name),
  script: scriptPath(run.policy.name),
  cronFile: cronFile(run.policy.name),
  schedule: run.policy.schedule,
})
const verifyJob = (run: PolicyRun): Job => ({
  what: 'read-back check',
  unit: verifyUnitName(run.policy.name),
  script: verifyScriptPath(run.policy.name),
  cronFile: verifyCronFile(run.policy.name),
  schedule: VERIFY_SCHEDULE,
})

function scheduleTasks(run: PolicyRun, job: Job): PlaybookTask[] {
  const {policy} = run
  // Unit files and crontabs are line-based, and the cron template quotes the schedule in a comment.
  if ([...job.schedule].some((c) => c < ' ' || c === '\x7f' || c === '"')) throw backupErrors.scheduleUnsafe(policy.name, policy.at)
  const cron = onCalendarToCron(job.schedule)
  if (!cron.ok) throw backupErrors.scheduleNoCron(policy.name, job.schedule, cron.why, policy.at)
  const vars = {policy: policy.name, what: job.what, unit: job.unit, script: job.script, schedule: job.schedule, cron: cron.cron}
  const tags = ['backup', 'schedule']
  const label = job.what === 'backup' ? `backup ${policy.name}` : `backup ${policy.name} ${job.what}`
  return [
    task(
      `${label}: ${job.unit}.service`,
      'template',
      {src: 'backup/backup.service', dest: `/etc/systemd/system/${job.unit}.service`, ...root, mode: '0644', vars},
      tags,
      [RELOAD_UNITS],
    ),
    task(
      `${label}: ${job.unit}.timer`,
      'template',
      {src: 'backup/backup.timer', dest: `/etc/systemd/system/${job.unit}.timer`, ...root, mode: '0644', vars},
      tags,
      [RELOAD_UNITS],
    ),
    task(`${label}: cron fallback`, 'template', {src: 'backup/backup.cron', dest: job.cronFile, ...root, mode: '0644', vars}, tags),
    // Hosts without systemd (the lab) skip this through the guard and rely on the cron file instead.
    task(
      `${label}: enable timer`,
      'command',
      {
        argv: ['systemctl', 'enable', '--now', `${job.unit}.timer`],
        sudo: true,
        unless: `test ! -d /run/systemd/system || systemctl is-enabled --quiet ${job.unit}.timer`,
      },
      tags,
    ),
  ]
}

function sourceTasks(plan: HostBackupPlan, input: BackupPlaybookInput): PlaybookTask[] {
  const password = input.secret(plan.passwordSecret)
  if (!password) throw backupErrors.passwordMissing(plan.host, plan.passwordSecret, secretEnvVar(plan.passwordSecret))
  const pinned = plan.runs.flatMap((r) => {
    const key = input.backupHostKeys?.get(r.repository.host)
    return key ? [knownHostLine(r.repository.address, r.repository.port, key)] : []
  })
  return [
    task('backup: packages', 'package', {names: ['restic', 'openssh-client', 'util-linux']}, ['backup', 'packages']),
    task('backup: /root/.ssh', 'directory', {path: '/root/.ssh', ...root, mode: '0700'}, ['backup', 'keys']),
    // The private key never leaves the host; only its .pub is gathered for the backup hosts.
    task(
      'backup: key pair',
      'command',
      {argv: ['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `kotadc-backup@${plan.host}`, '-f', BACKUP_KEY], sudo: true, creates: BACKUP_KEY},
      ['backup', 'keys'],
    ),
    ...(pinned.length
      ? [
          task(
            'backup: backup host keys',
            'file',
            {path: BACKUP_KNOWN_HOSTS, content: `${[...new Set(pinned)].join('\n')}\n`, ...root, mode: '0644'},
            ['backup', 'keys'],
          ),
        ]
      : []),
    task('backup: /etc/kotadc/restic', 'directory', {path: '/etc/kotadc/restic', ...root, mode: '0700'}, ['backup']),
    task('backup: repository password', 'file', {path: PASSWORD_FILE, content: password, ...root, mode: '0600'}, ['backup']),
    ...plan.runs.flatMap((run) => [
      task(
        `backup ${run.policy.name}: script`,
        'file',
        {path: scriptPath(run.policy.name), content: backupScript(scriptInputFor(plan.host, run)), ...root, mode: '0755'},
        ['backup', 'script'],
      ),
      ...scheduleTasks(run, backupJob(run)),
      task(
        `backup ${run.policy.name} read-back check: script`,
        'file',
        {path: verifyScriptPath(run.policy.name), content: verifyScript(scriptInputFor(plan.host, run)), ...root, mode: '0755'},
        ['backup', 'script'],
      ),
      ...scheduleTasks(run, verifyJob(run)),
    ]),
  ]
}

/** Source hosts a backup host should authorize but whose key is not known yet (first run, or the fact failed). */
export const missingSourceKeys = (plan: BackupPlan, sourceKeys: ReadonlyMap<string, string>): string[] =>
  [...new Set(plan.repositories.flatMap((r) => r.sources))].filter((s) => !sourceKeys.has(s)).sort()

/** The backup tasks of one host: as a source (what it backs up), as a backup host (whose repositories it keeps), or both. */
export function backupTasks(inv: Inventory, host: Host, input: BackupPlaybookInput, plan: BackupPlan = planBackups(inv)): PlaybookTask[] {
  const source = plan.hosts.find((h) => h.host === host.name)
  const repo = plan.repositories.find((r) => r.host === host.name)
  return [...(source ? sourceTasks(source, input) : []), ...(repo ? repositoryHostTasks(repo.sources, input) : [])]
}

/** Hosts the backup playbook touches: every source host and every backup host in use, sorted. */
export const backupTargets = (plan: BackupPlan): string[] =>
  [...new Set([...plan.hosts.map((h) => h.host), ...plan.repositories.map((r) => r.host)])].sort()

/** Built-in playbook `backup`: a pure function of the inventory, the secrets and the gathered keys. */
export function backupPlaybook(inv: Inventory, input: BackupPlaybookInput): Playbook {
  const plan = planBackups(inv)
  return {
    name: BACKUP_PLAYBOOK,
    targets: backupTargets(plan),
    vars: {},
    tasksFor: (i, h) => backupTasks(i, h, input, i === inv ? plan : planBackups(i)),
    handlersFor: () => [RELOAD_HANDLER(), RELOAD_SSHD_HANDLER()],
  }
}

/**
 * First half of the backup phase: the source hosts only (packages, key pair, password, scripts, timers). Their
 * public keys exist once it has run, so the second half can authorize them.
 */
export function backupSourcePlaybook(inv: Inventory, input: BackupPlaybookInput): Playbook {
  const plan = planBackups(inv)
  return {
    name: BACKUP_PLAYBOOK,
    targets: plan.hosts.map((h) => h.host),
    vars: {},
    tasksFor: (_i, h) => {
      const source = plan.hosts.find((s) => s.host === h.name)
      return source ? sourceTasks(source, input) : []
    },
    handlersFor: () => [RELOAD_HANDLER()],
  }
}

/** Second half of the backup phase: the backup hosts (account, repositories, the sources' keys authorized). */
export function backupRepositoryPlaybook(inv: Inventory, input: BackupPlaybookInput): Playbook {
  const plan = planBackups(inv)
  return {
    name: BACKUP_PLAYBOOK,
    targets: plan.repositories.map((r) => r.host),
    vars: {},
    tasksFor: (_i, h) => {
      const repo = plan.repositories.find((r) => r.host === h.name)
      return repo ? repositoryHostTasks(repo.sources, input) : []
    },
    handlersFor: () => [RELOAD_HANDLER(), RELOAD_SSHD_HANDLER()],
  }
}
