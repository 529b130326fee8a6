// The backup host's half of the backup playbook: per-source accounts, chroots, keys, sshd and the seal.
import {BACKUP_KEYS_DIR, BACKUP_SSHD_DROPIN, REPOSITORY_ROOT, SEAL_CRON, SEAL_SCRIPT, backupAccount, chrootDir} from './conventions.js'
import {
  authorizedKeyLine,
  backupSshdConfig,
  migrateRepositoryScript,
  repositoryLayoutCheck,
  repositoryLayoutScript,
  sealScript,
} from './repository-host.js'
import {shellQuote} from '../tasks/quote.js'
import type {PlaybookTask} from '../playbooks/model.js'
import {RELOAD_UNITS, root, task} from './playbook-task.js'
import type {BackupPlaybookInput} from './playbook-task.js'

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

export function repositoryHostTasks(sources: readonly string[], input: BackupPlaybookInput): PlaybookTask[] {
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

export const RELOAD_SSHD_HANDLER = (): PlaybookTask => task(RELOAD_SSHD, 'service', {name: 'ssh', state: 'reloaded'}, [])
