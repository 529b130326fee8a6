#!/usr/bin/env bash
# Runs a command while two CPU-bound processes compete for the machine, as on a busy CI runner or admin machine.
# Usage: scripts/ci/with-load.sh bash .ci/run
# The load is started here and stopped here, whatever the command's outcome; the command's exit code is kept.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }

burners=()
stop_load() {
  for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${burners[@]}" 2>/dev/null || true
}
trap stop_load EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for _ in 1 2; do
  # A pure-shell busy loop: no extra package, and it stops when killed.
  ( while :; do :; done ) &
  burners+=("$!")
done
echo "with-load: ${#burners[@]} busy processes (pids ${burners[*]}) while running: $*" >&2
start=$(date +%s)
set +e
"$@"
rc=$?
set -e
echo "with-load: finished in $(( $(date +%s) - start )) s, exit $rc" >&2
exit "$rc"
