import {shellQuote} from '../tasks/quote.js'
import {BACKUP_KEYS_DIR, CHROOT_REPOSITORY, backupAccount, chrootDir, repositoryDir} from './conventions.js'

/**
 * What a backup host enforces on its SFTP accounts, as text. Pure: the playbook writes it, the tests read it.
 *
 * restic 0.14's SFTP backend writes `<name>-restic-temp-<random>`, chmods the fresh file (fsetstat) and renames it
 * into place, so sftp-server must allow open/write, fsetstat, rename and remove. Append-only therefore rests on
 * ownership, not on the SFTP request filter: directories are root-owned with the sticky bit (an account cannot
 * rename or delete a file it does not own) and the seal script makes every finished file root-owned and 0440
 * (an account can read it but not reopen it for writing or chmod it). Until a file is sealed its writer still owns it.
 */

/**
 * SFTP requests no backup account may make. posix-rename replaces an existing target; setstat and lsetstat change
 * files by path (restic only needs fsetstat, on the handle of a file it has just created); links could alias files.
 */
export const DENIED_SFTP_REQUESTS = ['posix-rename', 'rmdir', 'setstat', 'lsetstat', 'symlink', 'hardlink'] as const

// A new file is at most group-readable; restic's own chmod then makes it 0600 or 0660 until the seal.
const SFTP_UMASK = '0227'

/** The forced command of every backup account: SFTP only, started in the repository, with the filter above. */
export const forcedSftpCommand = (): string => `internal-sftp -d ${CHROOT_REPOSITORY} -u ${SFTP_UMASK} -P ${DENIED_SFTP_REQUESTS.join(',')}`

/**
 * sshd drop-in of a backup host: each source's account is jailed in its own chroot, authenticated only by its
 * root-owned key file, and can do nothing but SFTP. `Match all` ends the blocks so later files are not caught in them.
 */
export function backupSshdConfig(sources: readonly string[]): string {
  const blocks = sources.map((s) =>
    [
      `Match User ${backupAccount(s)}`,
      `  AuthorizedKeysFile ${BACKUP_KEYS_DIR}/%u`,
      '  AuthorizedPrincipalsFile none',
      `  ChrootDirectory ${chrootDir(s)}`,
      `  ForceCommand ${forcedSftpCommand()}`,
      '  PasswordAuthentication no',
      '  KbdInteractiveAuthentication no',
      '  AllowTcpForwarding no',
      '  AllowStreamLocalForwarding no',
      '  AllowAgentForwarding no',
      '  PermitTunnel no',
      '  PermitTTY no',
      '  X11Forwarding no',
    ].join('\n'),
  )
  return [
    '# Managed by kotadc (built-in playbook backup). Local changes are overwritten on the next run.',
    "# One SFTP-only account per source host, jailed in that host's repository directory.",
    ...blocks,
    'Match all',
    '',
  ].join('\n')
}

/** Repository directories, created by root before the source first runs `restic init` (which then only adds files). */
export const REPOSITORY_SUBDIRS: readonly string[] = [
  'data',
  'index',
  'keys',
  'locks',
  'snapshots',
  ...Array.from({length: 256}, (_, i) => `data/${i.toString(16).padStart(2, '0')}`),
]

// setgid: files join the account's group; sticky: only a file's owner (then root, after the seal) may rename or delete it.
const DIR_MODE = '3770'

/** Shell text creating (or repairing) the repository layout of one source: root-owned, group-writable, sticky. */
export function repositoryLayoutScript(source: string): string {
  const dir = repositoryDir(source)
  const group = shellQuote(backupAccount(source))
  const dirs = [dir, ...REPOSITORY_SUBDIRS.map((d) => `${dir}/${d}`)].map(shellQuote).join(' ')
  return `install -d -o root -g ${group} -m ${DIR_MODE} -- ${dirs}`
}

/** Succeeds when the layout is in place (checked on the repository and a few of its directories). */
export function repositoryLayoutCheck(source: string): string {
  const dir = repositoryDir(source)
  const probe = [dir, `${dir}/data/ff`, `${dir}/locks`, `${dir}/snapshots`].map(shellQuote).join(' ')
  const want = Array(4)
    .fill(`root:${backupAccount(source)}:${DIR_MODE}`)
    .join(' ')
  return `test "$(stat -c %U:%G:%a -- ${probe} | tr '\\n' ' ')" = ${shellQuote(`${want} `)}`
}

/**
 * Moves a repository of the former single-account layout (files directly in /srv/restic/<source>) into the chroot's
 * repository directory, so its history is kept. Does nothing once moved.
 */
export function migrateRepositoryScript(source: string): string {
  const old = shellQuote(chrootDir(source))
  const dir = shellQuote(repositoryDir(source))
  return `if [ -f ${old}/config ] && [ ! -e ${dir} ]; then mkdir -m 0700 -- ${dir} && for d in config data index keys locks snapshots; do if [ -e ${old}/"$d" ]; then mv -- ${old}/"$d" ${dir}/; fi; done; fi`
}

/**
 * The seal script of a backup host: every finished file (not a restic temp file, not a lock, which restic removes
 * itself) becomes root-owned and 0440, readable by the source's group only. It runs from cron, after `kotadc backup
 * run` and after `kotadc backup prune` (whose root-written files the source could otherwise not read).
 */
export function sealScript(sources: readonly string[]): string {
  const lines = sources.map((s) => `seal ${shellQuote(repositoryDir(s))} ${shellQuote(backupAccount(s))}`)
  return [
    '#!/bin/bash',
    '# Managed by kotadc (built-in playbook backup). Local changes are overwritten on the next run.',
    'set -uo pipefail',
    'status=0',
    '# seal DIR GROUP: a file a source removed meanwhile (its own lock or unsealed file) is not an error.',
    'seal() {',
    '  [ -d "$1" ] || return 0',
    "  while IFS= read -r -d '' f; do",
    '    chown root:"$2" -- "$f" 2>/dev/null && chmod 0440 -- "$f" 2>/dev/null || [ ! -e "$f" ] || { echo "kotadc-backup-seal: cannot seal $f" >&2; status=1; }',
    '  done < <(find "$1" -type f ! -name \'*-restic-temp-*\' ! -path "$1/locks/*" \\( ! -user root -o ! -group "$2" -o -perm /0337 \\) -print0)',
    '}',
    ...lines,
    'exit $status',
    '',
  ].join('\n')
}

/** root-owned authorized_keys line of a source's account: no forwarding, no pty (sshd's Match block forces SFTP). */
export const authorizedKeyLine = (source: string, key: string): string => `restrict ${key} kotadc-backup@${source}`
