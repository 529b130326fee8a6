import {createHash} from 'node:crypto'

/**
 * Names and places of the backup system, fixed here so the playbook, the generated script and the commands
 * (run, list, restore, status) agree. Changing one moves live repositories: treat them as a format.
 */

/** Root of the repositories on a backup host: one chroot directory per source host, holding its repository. */
export const REPOSITORY_ROOT = '/srv/restic'

/** The repository as a source host sees it, inside its chroot. */
export const CHROOT_REPOSITORY = '/repo'

/** Root-owned authorized_keys of the backup accounts (one file per account): no account can change its own access. */
export const BACKUP_KEYS_DIR = '/etc/ssh/kotadc-backup-keys'

/** sshd drop-in confining each backup account to SFTP in its own chroot. */
export const BACKUP_SSHD_DROPIN = '/etc/ssh/sshd_config.d/60-kotadc-backup.conf'

/** Script on a backup host that makes finished repository files root-owned and read-only (see seal.ts). */
export const SEAL_SCRIPT = '/usr/local/sbin/kotadc-backup-seal'

/** cron.d entry running the seal script between kotadc runs. */
export const SEAL_CRON = '/etc/cron.d/kotadc-backup-seal'

const ACCOUNT_PREFIX = 'kotadc-bk-'
// useradd refuses names longer than 32 characters.
const MAX_ACCOUNT = 32

/**
 * The SFTP account of one source host on its backup hosts: one per source, so a stolen key reaches one repository.
 * Long host names are shortened with a hash so two hosts never share an account.
 */
export function backupAccount(source: string): string {
  const plain = `${ACCOUNT_PREFIX}${source}`
  if (plain.length <= MAX_ACCOUNT) return plain
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 8)
  return `${ACCOUNT_PREFIX}${source.slice(0, MAX_ACCOUNT - ACCOUNT_PREFIX.length - 9)}-${hash}`
}

/** Chroot of `source`'s account on a backup host (root-owned, as sshd requires). */
export const chrootDir = (source: string): string => `${REPOSITORY_ROOT}/${source}`

/** Private key each source host generates for itself (root only); its `.pub` is authorized on the backup hosts. */
export const BACKUP_KEY = '/root/.ssh/kotadc-backup_ed25519'

/** Host keys of the backup hosts, kept apart from root's own known_hosts. */
export const BACKUP_KNOWN_HOSTS = '/root/.ssh/kotadc-backup_known_hosts'

/** Where the repository password of a source host is written (0600 root). */
export const PASSWORD_FILE = '/etc/kotadc/restic/password'

/** Lock files and the state of the last run of each policy. */
export const STATE_DIR = '/var/lib/kotadc/backup'

/**
 * Secret holding the repository password of one source host: `RESTIC_PASSWORD_<HOST>`, the host name in upper
 * case with `-` as `_` (so it also works as the env fallback `KOTADC_SECRET_RESTIC_PASSWORD_<HOST>`).
 * One password per source host: a stolen password opens that host's repositories only.
 */
export const passwordSecretName = (host: string): string => `RESTIC_PASSWORD_${host.toUpperCase().replaceAll('-', '_')}`

/** Repository of `source` on a backup host, as restic names it. */
export const repositoryUrl = (backupAddress: string, source: string): string =>
  `sftp:${backupAccount(source)}@${backupAddress.includes(':') ? `[${backupAddress}]` : backupAddress}:${CHROOT_REPOSITORY}`

/** Directory of `source`'s repository on the backup host, outside the chroot (where kotadc's prune opens it). */
export const repositoryDir = (source: string): string => `${chrootDir(source)}${CHROOT_REPOSITORY}`

/** Generated script of one policy on a source host. */
export const scriptPath = (policy: string): string => `/usr/local/sbin/kotadc-backup-${policy}`

/** systemd unit base name (`.service`, `.timer`) of one policy. */
export const unitName = (policy: string): string => `kotadc-backup-${policy}`

/** cron.d file of one policy (cron ignores names with dots, so none here). */
export const cronFile = (policy: string): string => `/etc/cron.d/kotadc-backup-${policy}`

/** Weekly read-back check of one policy's repository (verify-script.ts): its script, systemd unit and cron.d file. */
export const verifyScriptPath = (policy: string): string => `/usr/local/sbin/kotadc-verify-${policy}`
export const verifyUnitName = (policy: string): string => `kotadc-verify-${policy}`
export const verifyCronFile = (policy: string): string => `/etc/cron.d/kotadc-verify-${policy}`

/** Docker keeps a named volume's data here; the name is the one the container stacks give it. */
export const dockerVolumeData = (volumeName: string): string => `/var/lib/docker/volumes/${volumeName}/_data`
