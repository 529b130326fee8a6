import {shellQuote} from '../tasks/quote.js'
import {READ_CYCLE_PARTS} from './read-subset.js'
import type {BackupScriptInput} from './script.js'
import {policyLock, resticPrelude} from './script.js'

/** When the scheduled check runs: once a week, at midday on Sunday, away from the nightly backups. */
export const VERIFY_SCHEDULE = 'Sun *-*-* 12:00:00'

/** How long the check waits for a running backup of its policy before it gives up for this week. */
const WAIT_FOR_BACKUP_SECONDS = 6 * 3600

/**
 * The weekly read-back check of one policy's repository on a source host: `restic check --read-data-subset n/4` with
 * n from the week of the year, so every pack file is read back within four weeks (a 5% sample can miss a damaged
 * pack for months). An argument picks the part (kotadc's tests, or a sysadmin re-reading a part). It exits 1 on any
 * error, so the systemd unit fails where monitoring sees it, and leaves its verdict in `<state>/<policy>.verify`.
 */
export function verifyScript(
  input: Pick<BackupScriptInput, 'host' | 'policy' | 'repositoryUrl' | 'resticOptions' | 'passwordFile' | 'stateDir'>,
): string {
  const lock = policyLock(input.stateDir, input.policy)
  const status = `${input.stateDir}/${input.policy}.verify`
  const say = (text: string): string => `echo ${shellQuote(`kotadc-verify ${input.policy}: `)}"${text}" >&2`
  return [
    '#!/bin/bash',
    `# Managed by kotadc (built-in playbook backup): weekly read-back check, policy ${input.policy} on host ${input.host}. Local changes are overwritten.`,
    ...resticPrelude(input),
    '',
    `parts=${READ_CYCLE_PARTS}`,
    '# 10# keeps week 08 and 09 decimal.',
    'part=${1:-$(( 10#$(date +%V) % parts + 1 ))}',
    'case $part in',
    `  ''|*[!0-9]*) ${say('the part must be a number from 1 to $parts')}; exit 2 ;;`,
    'esac',
    'if [ "$part" -lt 1 ] || [ "$part" -gt "$parts" ]; then',
    `  ${say('the part must be a number from 1 to $parts')}`,
    '  exit 2',
    'fi',
    '',
    `mkdir -p -- ${shellQuote(input.stateDir)}`,
    `exec 9>${shellQuote(lock)}`,
    '# A running backup finishes first: check locks the repository exclusively.',
    `if ! flock -w ${WAIT_FOR_BACKUP_SECONDS} 9; then`,
    `  ${say('a backup still holds the lock; no check this week')}`,
    '  exit 75',
    'fi',
    '',
    'if restic_ check --read-data-subset "$part/$parts" >&2; then',
    `  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) part $part/$parts ok" > ${shellQuote(status)}`,
    `  ${say('read part $part/$parts of the pack files back: no errors')}`,
    'else',
    '  rc=$?',
    `  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) part $part/$parts FAILED (restic check exit $rc)" > ${shellQuote(status)}`,
    `  ${say('read part $part/$parts of the pack files back: ERRORS (restic check exit $rc)')}`,
    '  exit 1',
    'fi',
    '',
  ].join('\n')
}
