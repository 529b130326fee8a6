import type {ClusterRef} from './live.js'
import {clusterConfDir, LIVE_QUERY} from './live.js'
import {SETTINGS_FILE} from './settings.js'
import {Secret} from '../inventory/secret.js'
import type {Cmd} from '../tasks/cmd.js'
import {cmd, shell, sudo, withStdin} from '../tasks/cmd.js'

// The commands the databases phase runs on a database host. kotadc reaches PostgreSQL only as the postgres user
// over the local socket (peer authentication), through the host's SSH session: no database port is opened to it.

/** psql as postgres: no psqlrc, quiet, stop at the first error, the script on stdin (never in argv). */
const psql = (...extra: string[]): Cmd =>
  sudo(cmd('runuser', '-u', 'postgres', '--', 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', 'postgres', ...extra))

/** Printed instead of the cluster list when Debian's PostgreSQL tools are not installed yet (a plan before the first deploy). */
export const NOT_INSTALLED = 'kotadc:postgresql-not-installed'

export const listClustersCmd = (): Cmd =>
  sudo(shell(`command -v pg_lsclusters >/dev/null || { echo ${NOT_INSTALLED}; exit 0; }; exec pg_lsclusters --no-header`))

/** A file's content, or nothing when it does not exist (a missing kotadc.conf is a first deploy). */
export const readFileCmd = (path: string): Cmd => sudo(shell('if [ -e "$1" ]; then cat -- "$1"; fi', path))

export const liveQueryCmd = (): Cmd => withStdin(psql('-At'), LIVE_QUERY)

/**
 * The change script on stdin, as a Secret: it holds SCRAM verifiers, which a display never shows. The value reaches
 * the host only through the SSH channel's stdin, so no process list, shell history or argv ever holds it.
 */
export const applySqlCmd = (script: string): Cmd => withStdin(psql(), new Secret('databases change script', script))

/** Errors PostgreSQL finds in the pg_hba.conf on disk (read fresh, not the loaded copy): one line, empty when none. */
export const hbaErrorsCmd = (): Cmd =>
  withStdin(
    psql('-At'),
    "SELECT coalesce(string_agg(coalesce(line_number::text, '?') || ': ' || error, '; '), '') FROM pg_hba_file_rules WHERE error IS NOT NULL;",
  )

/** Debian's wrapper: without systemd (the lab, some containers) it runs pg_ctl itself, as the cluster's owner. */
export const ctlCmd = (c: Pick<ClusterRef, 'version' | 'name'>, action: 'start' | 'reload' | 'restart'): Cmd =>
  sudo(cmd('pg_ctlcluster', c.version, c.name, action))

export const settingsPath = (c: Pick<ClusterRef, 'version' | 'name'>): string => `${clusterConfDir(c)}/${SETTINGS_FILE}`

/** Keeps the file in force before a pg_hba.conf change, so a rejected one can be put back. */
export const hbaBackupPath = (hbaFile: string): string => `${hbaFile}.kotadc-previous`

export const copyFileCmd = (from: string, to: string): Cmd => sudo(cmd('cp', '-p', '--', from, to))
