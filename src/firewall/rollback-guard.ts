import type {Cmd} from '../tasks/cmd.js'
import {shell, sudo} from '../tasks/cmd.js'
import {badToken, TOKEN_PATTERN} from '../errors/tasks.js'
import {netsvcErrors} from '../errors/netsvc.js'
import {NFT_TABLE} from './nftables-render.js'

/** Where the guard keeps its state: tmpfs, so a reboot (which reloads the boot ruleset anyway) forgets it. */
export const GUARD_DIR = '/run/kotadc/firewall'
export const DEFAULT_ROLLBACK_SECONDS = 60

/**
 * Confirm-or-rollback for a new ruleset, as three commands the runner sends in order:
 *
 * 1. `arm` (on the connection that applies): save the live `table inet kotadc` (or, when there is none, a script that
 *    removes the table again), create the marker `<token>.armed`, start a detached timer, then load the new ruleset.
 *    If loading fails the marker is removed at once, so nothing is rolled back later and the old table stays.
 * 2. `confirm` (on a **fresh** SSH connection, proving the new rules still let kotadc in): remove the marker. Exit 0
 *    means confirmed; non-zero means the timer already rolled back.
 * 3. Nothing: if no confirm arrives within `seconds`, the timer removes the marker and loads the saved table.
 *
 * Whoever deletes the marker first wins (unlink is atomic), so a late confirm and the timer can never both act.
 */
export interface FirewallGuard {
  token: string
  seconds: number
  marker: string
  saved: string
  arm: Cmd
  confirm: Cmd
}

// Positional parameters only: the paths never pass through the script text.
const ARM_SCRIPT = [
  'set -e',
  'mkdir -p -m 0700 "$(dirname "$1")"',
  `{ echo 'table inet ${NFT_TABLE}'; echo 'delete table inet ${NFT_TABLE}'; nft list table inet ${NFT_TABLE} 2>/dev/null || true; } > "$2"`,
  ': > "$1"',
  `nohup sh -c 'sleep "$3"; if rm "$1" 2>/dev/null; then nft -f "$2"; fi' sh "$1" "$2" "$4" </dev/null >/dev/null 2>&1 &`,
  'if ! nft -f "$3"; then rm -f "$1"; exit 1; fi',
].join('\n')

const CONFIRM_SCRIPT = 'if rm "$1" 2>/dev/null; then rm -f "$2"; else echo "firewall change was rolled back before it was confirmed" >&2; exit 1; fi'
// The confirmed copy tells a later run that the staged ruleset is the one loaded (a rollback leaves it stale), and the
// listing of the table as loaded is what drift compares the live table with; without a listing the next run reloads.
const CONFIRM_AND_RECORD = [
  'if rm "$1" 2>/dev/null; then',
  '  rm -f "$2"; cp "$3" "$4"',
  `  if nft -j list table inet ${NFT_TABLE} > "$5.tmp"; then mv "$5.tmp" "$5"; else rm -f "$5" "$5.tmp"; fi`,
  'else echo "firewall change was rolled back before it was confirmed" >&2; exit 1; fi',
].join('\n')

/** The guard for loading `ruleset` (a path on the host, already checked with `nft -c`), keyed by the run's token. */
export function firewallGuard(opts: {token: string; ruleset: string; seconds?: number; confirmed?: {copy: string; listing: string}}): FirewallGuard {
  if (!TOKEN_PATTERN.test(opts.token)) throw badToken(opts.token)
  const seconds = opts.seconds ?? DEFAULT_ROLLBACK_SECONDS
  if (!Number.isInteger(seconds) || seconds < 10 || seconds > 3600) throw netsvcErrors.unsafeValue('rollback seconds', String(seconds))
  const marker = `${GUARD_DIR}/${opts.token}.armed`
  const saved = `${GUARD_DIR}/${opts.token}.nft`
  return {
    token: opts.token,
    seconds,
    marker,
    saved,
    arm: sudo(shell(ARM_SCRIPT, marker, saved, opts.ruleset, String(seconds))),
    confirm: opts.confirmed
      ? sudo(shell(CONFIRM_AND_RECORD, marker, saved, opts.ruleset, opts.confirmed.copy, opts.confirmed.listing))
      : sudo(shell(CONFIRM_SCRIPT, marker, saved)),
  }
}
