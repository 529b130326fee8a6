import {vmErrors} from '../../errors/vms.js'
import {HYPERVISOR_ACCEL_PROBE} from '../../facts/hypervisor-accel.js'
import type {RemoteShell} from '../../exec/ssh/types.js'
import {shellQuote} from '../../tasks/quote.js'
import {IMAGE_SUMS_DIR, VM_POOL} from '../../vms/conventions.js'
import {parseHypervisorState, type HypervisorState} from '../../vms/live.js'

/**
 * virsh on a hypervisor, over the SSH connection kotadc already has (never a libvirt TCP socket), as root through
 * `sudo -n`. Each script is one round trip; the gathering one asks libvirt everything in a single virsh session.
 */
const PRELUDE = `set -eu\nexport LC_ALL=C LIBVIRT_DEFAULT_URI=qemu:///system\nP=${VM_POOL}\n`

export const q = shellQuote

export async function runRoot(
  shell: RemoteShell,
  hypervisor: string,
  what: string,
  script: string,
  opts: {stdin?: Buffer | string; timeoutMs?: number} = {},
): Promise<string> {
  const argv = ['sudo', '-n', 'sh', '-c', PRELUDE + script]
  const r = await shell.run(argv.map((a, i) => (i < 4 ? a : q(a))).join(' '), {
    timeoutMs: opts.timeoutMs ?? 120_000,
    ...(opts.stdin === undefined ? {} : {stdin: opts.stdin}),
  })
  if (r.exitCode !== 0)
    throw vmErrors.virshFailed(hypervisor, what, {
      argv: ['sudo', 'sh', '-c', `(${what})`],
      exitCode: r.exitCode,
      signal: r.signal,
      stderrTail: r.stderr.slice(-2000),
    })
  return r.stdout
}

// virsh's `echo` (without -q) ends its line, so the markers start lines of their own in the batched output.
const GATHER = `
echo @@virt
{ ${HYPERVISOR_ACCEL_PROBE}; } | cut -d' ' -f1
cmd=""
if virsh -q pool-info "$P" >/dev/null 2>&1; then
  echo "@@pool present"
  virsh -q pool-refresh "$P" >/dev/null
  for v in $(virsh -q vol-list "$P" | awk '{print $1}'); do cmd="$cmd echo @@vol $v; vol-info --bytes --pool $P $v;"; done
else
  echo "@@pool absent"
fi
for f in ${IMAGE_SUMS_DIR}/*.sha256; do [ -f "$f" ] && echo "@@sum $(basename "$f" .sha256) $(cat "$f")"; done
for u in $(virsh -q list --all --uuid); do cmd="$cmd echo @@domain $u; dominfo $u; echo @@inactive; dumpxml --inactive $u; echo @@live; dumpxml $u;"; done
[ -z "$cmd" ] || virsh "$cmd"
`

/** Everything the vms phase compares against, from libvirt itself, in one round trip. */
export async function gatherHypervisor(shell: RemoteShell, hypervisor: string): Promise<HypervisorState> {
  return parseHypervisorState(await runRoot(shell, hypervisor, 'read the domains and the kotadc pool', GATHER))
}
