/**
 * Names and places of the backup system, fixed here so the playbook, the generated script and the commands
 * (run, list, restore, status) agree. Changing one moves live repositories: treat them as a format.
 */

/** The restricted account on each backup host that source hosts reach over SFTP; it owns every repository. */
export const BACKUP_ACCOUNT = 'kotadc-backup'

/** Root of the repositories on a backup host: one directory per source host. */
export const REPOSITORY_ROOT = '/srv/restic'

/** Private key each source host generates for itself (root only); its `.pub` is authorized on the backup hosts. */
export const BACKUP_KEY = '/root/.ssh/kotadc-backup_ed25519'

/** Host keys of the backup hosts, kept apart from root's own known_hosts. */
export const BACKUP_KNOWN_HOSTS = '/root/.ssh/kotadc-backup_known_hosts'

/** Where the repository password of a source host is written (0600 root). */
export const PASSWORD_FILE = '/etc/kotadc/restic/password'

/** Lock files and the state of the last run of each policy. */
export const STATE_DIR = '/var/lib/kotadc/backup'

/** The forced command of every backup key: SFTP only, no shell, no forwarding. */
export const SFTP_SERVER = '/usr/lib/openssh/sftp-server'

/**
 * Secret holding the repository password of one source host: `RESTIC_PASSWORD_<HOST>`, the host name in upper
 * case with `-` as `_` (so it also works as the env fallback `KOTADC_SECRET_RESTIC_PASSWORD_<HOST>`).
 * One password per source host: a stolen password opens that host's repositories only.
 */
export const passwordSecretName = (host: string): string => `RESTIC_PASSWORD_${host.toUpperCase().replaceAll('-', '_')}`

/** Repository of `source` on a backup host, as restic names it. */
export const repositoryUrl = (backupAddress: string, source: string): string =>
  `sftp:${BACKUP_ACCOUNT}@${backupAddress.includes(':') ? `[${backupAddress}]` : backupAddress}:${REPOSITORY_ROOT}/${source}`

/** Directory of `source`'s repository on the backup host. */
export const repositoryDir = (source: string): string => `${REPOSITORY_ROOT}/${source}`

/** Generated script of one policy on a source host. */
export const scriptPath = (policy: string): string => `/usr/local/sbin/kotadc-backup-${policy}`

/** systemd unit base name (`.service`, `.timer`) of one policy. */
export const unitName = (policy: string): string => `kotadc-backup-${policy}`

/** cron.d file of one policy (cron ignores names with dots, so none here). */
export const cronFile = (policy: string): string => `/etc/cron.d/kotadc-backup-${policy}`

/** Docker keeps a named volume's data here; the name is the one the container stacks give it. */
export const dockerVolumeData = (volumeName: string): string => `/var/lib/docker/volumes/${volumeName}/_data`
