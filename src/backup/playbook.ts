import {
  BACKUP_KEY,
  BACKUP_KEYS_DIR,
  BACKUP_KNOWN_HOSTS,
  BACKUP_SSHD_DROPIN,
  PASSWORD_FILE,
  REPOSITORY_ROOT,
  SEAL_CRON,
  SEAL_SCRIPT,
  backupAccount,
  chrootDir,
  cronFile,
  scriptPath,
  unitName,
  verifyCronFile,
  verifyScriptPath,
  verifyUnitName,
} from './conventions.js'
import {backupErrors} from '../errors/backup.js'
import {knownHostLine} from './keys.js'
import {
  authorizedKeyLine,
  backupSshdConfig,
  migrateRepositoryScript,
  repositoryLayoutCheck,
  repositoryLayoutScript,
  sealScript,
} from './repository-host.js'
import {shellQuote} from '../tasks/quote.js'
import type {BackupPlan, HostBackupPlan, PolicyRun} from './plan.js'
import {planBackups} from './plan.js'
import {onCalendarToCron} from './schedule.js'
import {backupScript, scriptInputFor} from './script.js'
import {VERIFY_SCHEDULE, verifyScript} from './verify-script.js'
import type {Host, Inventory} from '../inventory/model.js'
import type {Secret} from '../inventory/secret.js'
import {secretEnvVar} from '../inventory/validate/exposure.js'
import {parseTaskArgs} from '../tasks/registry.js'
import {playbookErrors} from '../errors/playbook.js'
import type {Playbook, PlaybookTask} from '../playbooks/model.js'

export const BACKUP_PLAYBOOK = 'backup'
const RELOAD_UNITS = 'reload backup timers'

/**
 * What the backup playbook needs beyond the inventory. Keys cross hosts: each source host makes its own key pair,
 * and the backup hosts must authorize the public halves. The service runs the sources first, gathers
 * backupPublicKeyFact from them (and sshHostKeyFact from the backup hosts), then plans the backup hosts.
 */
export interface BackupPlaybookInput {
  secret(name: string): Secret | undefined
  /** Source host → its backup public key (`ssh-ed25519 AAAA…`); a source not in it is not authorized yet. */
  sourceKeys: ReadonlyMap<string, string>
  /** Backup host → its ssh host key, pinned in the sources' known_hosts; without it ssh trusts the first key it sees. */
  backupHostKeys?: ReadonlyMap<string, string>
}

function task(name: string, type: string, raw: Record<string, unknown>, tags: string[], notify: string[] = []): PlaybookTask {
  const parsed = parseTaskArgs(type, raw)
  if (!parsed.ok) throw playbookErrors.builtinInvalid(BACKUP_PLAYBOOK, `${name}: ${parsed.issues.map((i) => i.message).join('; ')}`)
  return {name, type: parsed.value.type, task: parsed.value.task, args: parsed.value.args, tags, notify}
}

const root = {owner: 'root', group: 'root'}

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

// The single shared account of kotadc before per-source accounts; it owned every repository and its own keys.
const FORMER_ACCOUNT = 'kotadc-backup'
const RELOAD_SSHD = 'reload sshd'
const SEAL_EVERY_MINUTES = 5

function sourceAccountTasks(source: string, key: string | undefined): PlaybookTask[] {
  const account = backupAccount(source)
  const tags = ['backup']
  return [
    // No home, no shell: sshd's ForceCommand runs internal-sftp inside the chroot, whatever the login shell.
    task(`backup host: account ${account}`, 'user', {name: account, system: true, home: '/nonexistent', shell: '/usr/sbin/nologin'}, tags),
    task(`backup host: chroot of ${source}`, 'directory', {path: chrootDir(source), ...root, mode: '0755'}, tags),
    task(
      `backup host: keep the history of ${source}`,
      'command',
      {
        shell: migrateRepositoryScript(source),
        sudo: true,
        unless: `test -e ${shellQuote(`${chrootDir(source)}/repo`)} || test ! -f ${shellQuote(`${chrootDir(source)}/config`)}`,
      },
      tags,
    ),
    task(
      `backup host: repository of ${source}`,
      'command',
      {shell: repositoryLayoutScript(source), sudo: true, unless: repositoryLayoutCheck(source)},
      tags,
    ),
    // A source without a gathered key gets an empty file: it cannot log in, and no stale key survives.
    task(
      `backup host: key of ${source}`,
      'file',
      {path: `${BACKUP_KEYS_DIR}/${account}`, content: key ? `${authorizedKeyLine(source, key)}\n` : '', ...root, mode: '0644'},
      ['backup', 'keys'],
    ),
  ]
}

function repositoryHostTasks(sources: readonly string[], input: BackupPlaybookInput): PlaybookTask[] {
  return [
    // restic and its password never stay here: kotadc's prune runs restic over its own admin connection.
    task('backup host: packages', 'package', {names: ['restic', 'openssh-server']}, ['backup', 'packages']),
    task(`backup host: ${REPOSITORY_ROOT}`, 'directory', {path: REPOSITORY_ROOT, ...root, mode: '0755'}, ['backup']),
    task(`backup host: ${BACKUP_KEYS_DIR}`, 'directory', {path: BACKUP_KEYS_DIR, ...root, mode: '0755'}, ['backup', 'keys']),
    ...sources.flatMap((s) => sourceAccountTasks(s, input.sourceKeys.get(s))),
    task('backup host: seal script', 'file', {path: SEAL_SCRIPT, content: sealScript(sources), ...root, mode: '0755'}, ['backup']),
    ...sealScheduleTasks(),
    task(
      'backup host: sshd accounts',
      'file',
      {path: BACKUP_SSHD_DROPIN, content: backupSshdConfig(sources), ...root, mode: '0644'},
      ['backup', 'sshd'],
      [RELOAD_SSHD],
    ),
    // Checked as a guard so a valid configuration is no change; an invalid one fails here, before the reload.
    task('backup host: sshd configuration is valid', 'command', {argv: ['sshd', '-t'], sudo: true, unless: 'sshd -t'}, ['backup', 'sshd']),
    // The former shared account could read and delete every repository: it goes, with the keys it could rewrite.
    task(
      `backup host: remove account ${FORMER_ACCOUNT}`,
      'command',
      {
        shell: `if id ${FORMER_ACCOUNT} >/dev/null 2>&1; then userdel ${FORMER_ACCOUNT}; fi; rm -rf -- ${REPOSITORY_ROOT}/.ssh`,
        sudo: true,
        unless: `! id ${FORMER_ACCOUNT} >/dev/null 2>&1 && test ! -e ${REPOSITORY_ROOT}/.ssh`,
      },
      ['backup'],
    ),
  ]
}

// Like the policies' schedules: a systemd timer, and a cron.d line for hosts without systemd.
function sealScheduleTasks(): PlaybookTask[] {
  const unit = '/etc/systemd/system/kotadc-backup-seal'
  const tags = ['backup', 'schedule']
  return [
    task(
      'backup host: seal service',
      'file',
      {
        path: `${unit}.service`,
        content: `# Managed by kotadc (built-in playbook backup).\n[Unit]\nDescription=kotadc: seal finished backup files\n\n[Service]\nType=oneshot\nExecStart=${SEAL_SCRIPT}\n`,
        ...root,
        mode: '0644',
      },
      tags,
      [RELOAD_UNITS],
    ),
    task(
      'backup host: seal timer',
      'file',
      {
        path: `${unit}.timer`,
        content: `# Managed by kotadc (built-in playbook backup).\n[Unit]\nDescription=kotadc: seal finished backup files every ${SEAL_EVERY_MINUTES} minutes\n\n[Timer]\nOnCalendar=*:0/${SEAL_EVERY_MINUTES}\n\n[Install]\nWantedBy=timers.target\n`,
        ...root,
        mode: '0644',
      },
      tags,
      [RELOAD_UNITS],
    ),
    task(
      'backup host: seal cron fallback',
      'file',
      {
        path: SEAL_CRON,
        content: `# Managed by kotadc (built-in playbook backup). With systemd, kotadc-backup-seal.timer does this.\n*/${SEAL_EVERY_MINUTES} * * * * root [ -d /run/systemd/system ] || ${SEAL_SCRIPT}\n`,
        ...root,
        mode: '0644',
      },
      tags,
    ),
    task(
      'backup host: enable seal timer',
      'command',
      {
        argv: ['systemctl', 'enable', '--now', 'kotadc-backup-seal.timer'],
        sudo: true,
        unless: 'test ! -d /run/systemd/system || systemctl is-enabled --quiet kotadc-backup-seal.timer',
      },
      tags,
    ),
  ]
}

const RELOAD_SSHD_HANDLER = (): PlaybookTask => task(RELOAD_SSHD, 'service', {name: 'ssh', state: 'reloaded'}, [])

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

const RELOAD_HANDLER = (): PlaybookTask =>
  task(
    RELOAD_UNITS,
    'command',
    {
      shell: 'test ! -d /run/systemd/system || { systemctl daemon-reload && systemctl try-restart "kotadc-backup-*.timer" "kotadc-verify-*.timer"; }',
      sudo: true,
    },
    [],
  )

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
