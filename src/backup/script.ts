import {shellQuote} from '../tasks/quote.js'
import {PASSWORD_FILE, STATE_DIR} from './conventions.js'
import type {BackupItem, PolicyRun} from './plan.js'
import {backupPathsArgs, backupStdinArgs, catConfigArgs, initArgs, sftpOption} from './restic-args.js'

/** Everything the generated script depends on; tests swap the repository and dump command for local ones. */
export interface BackupScriptInput {
  host: string
  policy: string
  repositoryUrl: string
  /** Global restic options, e.g. the sftp command. */
  resticOptions: string[]
  passwordFile: string
  stateDir: string
  items: BackupItem[]
  /** Prints a database's dump on stdout when given its name as the last argument. */
  dumpCommand: string[]
}

/** pg_dump as the postgres superuser over the local socket; plain SQL dedups better than the custom format. */
export const PG_DUMP: readonly string[] = ['runuser', '-u', 'postgres', '--', 'pg_dump', '--no-password', '--']

/** The script input of one policy run on a source host, with the real repository and pg_dump. */
export const scriptInputFor = (host: string, run: PolicyRun): BackupScriptInput => ({
  host,
  policy: run.policy.name,
  repositoryUrl: run.repository.url,
  resticOptions: run.repository.url.startsWith('sftp:') ? sftpOption(run.repository) : [],
  passwordFile: PASSWORD_FILE,
  stateDir: STATE_DIR,
  items: run.items,
  dumpCommand: [...PG_DUMP],
})

const q = (words: readonly string[]): string => words.map(shellQuote).join(' ')

/** Strict bash, a private umask, a fixed PATH, the repository and its password file, and `restic_` with the global options. */
export const resticPrelude = (input: Pick<BackupScriptInput, 'repositoryUrl' | 'resticOptions' | 'passwordFile'>): string[] => [
  'set -euo pipefail',
  'umask 077',
  'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  `export RESTIC_REPOSITORY=${shellQuote(input.repositoryUrl)}`,
  `export RESTIC_PASSWORD_FILE=${shellQuote(input.passwordFile)}`,
  '',
  `restic_() { restic ${input.resticOptions.length ? `${q(input.resticOptions)} ` : ''}"$@"; }`,
]

/** The lock file of one policy on a source host: its backup and its scheduled check never run at once. */
export const policyLock = (stateDir: string, policy: string): string => `${stateDir}/${policy}.lock`

const itemLine = (host: string, item: BackupItem): string =>
  item.kind === 'postgres'
    ? `step ${shellQuote(item.label)} backup_stdin ${shellQuote(item.database)} ${q(backupStdinArgs(host, item))}`
    : `step ${shellQuote(item.label)} backup_paths ${q(backupPathsArgs(host, item))}`

// Fixed bash text: every value from the inventory reaches it only through shellQuote in the lines built above.
const PRELUDE = String.raw`failed=()
done_count=0

# step LABEL COMMAND...: runs one item; a failure is remembered and the next item still runs.
step() {
  local label=$1
  shift
  echo "kotadc-backup: $label" >&2
  if "$@"; then
    done_count=$((done_count + 1))
    return 0
  fi
  echo "kotadc-backup: FAILED: $label" >&2
  failed+=("$label")
}

backup_paths() {
  restic_ "$@" >/dev/null
}

# DB RESTIC-ARGS...: the dump streams into restic. pipefail fails the step when pg_dump fails, but restic has
# by then stored what it read as a snapshot: that truncated snapshot is forgotten so no one restores it. The
# backup host lets a source delete only files it wrote since the last seal, which this snapshot is.
backup_stdin() {
  local db=$1 out id
  shift
  out=$(mktemp)
  if dump "$db" | restic_ "$@" >"$out"; then
    rm -f -- "$out"
    return 0
  fi
  id=$(sed -n 's/.*"snapshot_id":"\([0-9a-f]\{8,\}\)".*/\1/p' "$out" | tail -n 1)
  rm -f -- "$out"
  if [ -n "$id" ]; then
    echo "kotadc-backup: dump of $db failed; forgetting its partial snapshot $id" >&2
    restic_ forget -- "$id" >&2 || echo "kotadc-backup: could not forget snapshot $id; remove it by hand" >&2
  fi
  return 1
}
`

/**
 * The bash script of one backup policy on one host: lock, open (or create) the repository, one restic run per item,
 * and a non-zero exit naming every failed item. It never unlocks or prunes: the source's account cannot delete
 * sealed files, and retention is kotadc's job (`kotadc backup prune`, over its own connection to the backup host).
 */
export function backupScript(input: BackupScriptInput): string {
  const lock = policyLock(input.stateDir, input.policy)
  const lines = [
    '#!/bin/bash',
    `# Managed by kotadc (built-in playbook backup): policy ${input.policy} on host ${input.host}. Local changes are overwritten.`,
    ...resticPrelude(input),
    `dump() { ${q(input.dumpCommand)} "$1"; }`,
    '',
    `mkdir -p -- ${shellQuote(input.stateDir)}`,
    `exec 9>${shellQuote(lock)}`,
    'if ! flock -n 9; then',
    `  echo ${shellQuote(`kotadc-backup ${input.policy}: an earlier run still holds ${lock}; not starting`)} >&2`,
    '  exit 75',
    'fi',
    '',
    '# A repository that does not open is created; init refuses to touch one that exists.',
    `restic_ ${q(catConfigArgs())} >/dev/null 2>&1 || restic_ ${q(initArgs())} >&2`,
    '',
    PRELUDE,
    ...input.items.map((i) => itemLine(input.host, i)),
    '',
    'if [ "${#failed[@]}" -gt 0 ]; then',
    `  echo "kotadc-backup ${input.policy}: \${#failed[@]} failed, $done_count succeeded:" >&2`,
    `  printf '  %s\\n' "\${failed[@]}" >&2`,
    '  exit 1',
    'fi',
    `echo "kotadc-backup ${input.policy}: $done_count succeeded" >&2`,
    '',
  ]
  return lines.join('\n')
}
