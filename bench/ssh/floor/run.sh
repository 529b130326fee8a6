#!/bin/sh
# The floor driver: one plain ssh per host, all hosts at once, each running the floor script.
# Usage: run.sh HOSTS SCRIPT KEY KNOWN_HOSTS [OUTDIR]; HOSTS has lines "name address port".
# Exits non-zero when any host failed; with OUTDIR each host's output goes to OUTDIR/<name>.out.
hosts=$1 script=$2 key=$3 known=$4 out=${5:-}
pids=''
while read -r name address port; do
  dest=/dev/null
  [ -n "$out" ] && dest="$out/$name.out"
  ssh -F /dev/null -q -i "$key" -o IdentitiesOnly=yes -o BatchMode=yes -o ControlMaster=no \
    -o UserKnownHostsFile="$known" -o StrictHostKeyChecking=yes -p "$port" "root@$address" \
    sh -s -- "$name" "$address" < "$script" > "$dest" &
  pids="$pids $!"
done < "$hosts"
rc=0
for p in $pids; do wait "$p" || rc=1; done
exit $rc
