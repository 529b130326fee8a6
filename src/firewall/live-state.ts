import type {Cmd} from '../tasks/cmd.js'
import {shell, sudo} from '../tasks/cmd.js'
import {NFT_TABLE} from './nftables-render.js'
import {nftDrift, nftItems} from './nft-json.js'

const LIVE_MARK = '--- kotadc live table'
const LOADED_MARK = '--- kotadc loaded table'

// Positional parameters only: $1 staged ruleset, $2 its confirmed copy, $3 the listing recorded at confirm.
const STATE_SCRIPT = [
  `if ! nft list table inet ${NFT_TABLE} >/dev/null 2>&1; then echo absent; exit 0; fi`,
  'if cmp -s "$1" "$2"; then echo staged-confirmed; else echo staged-new; fi',
  `echo '${LIVE_MARK}'`,
  `nft -j list table inet ${NFT_TABLE}`,
  `echo '${LOADED_MARK}'`,
  'cat "$3" 2>/dev/null || true',
].join('\n')

/** One read of what a host's firewall is: whether the table is there, the staged file is the confirmed one, and both listings. */
export const firewallStateCommand = (paths: {ruleset: string; confirmedCopy: string; loadedListing: string}): Cmd =>
  sudo(shell(STATE_SCRIPT, paths.ruleset, paths.confirmedCopy, paths.loadedListing))

/**
 * Why a load is due (empty: the live table is the one kotadc rendered and loaded, untouched since). `stagedChanged`:
 * this run wrote (or would write) a new ruleset file, which is then the first reason.
 */
export function firewallDrift(output: string, stagedChanged = false): string[] {
  const [head = '', rest = ''] = output.split(`${LIVE_MARK}\n`)
  const status = head.trim()
  const first = stagedChanged ? ['the rendered ruleset changed'] : []
  if (status === 'absent') return [...first, `table inet ${NFT_TABLE} is not loaded`]
  const [liveText = '', loadedText = ''] = rest.split(`${LOADED_MARK}\n`)
  const reasons = stagedChanged || status === 'staged-confirmed' ? first : ['the staged ruleset is not the one last loaded and confirmed']
  const live = nftItems(liveText.trim())
  if (!live) return [...reasons, `nft -j list table inet ${NFT_TABLE} printed no listing kotadc can read`]
  const loaded = nftItems(loadedText.trim())
  if (!loaded) return [...reasons, 'no record of the table as kotadc loaded it (loaded before drift checks, or the record was removed)']
  return [...reasons, ...nftDrift(loaded, live).map((d) => `live table differs: ${d}`)]
}
