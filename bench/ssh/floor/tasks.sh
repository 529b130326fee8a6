# The floor: the benchmark playbook's 10 tasks as one POSIX shell script, idempotent like the playbooks
# (check, change only what differs, atomic file writes). bench/ssh.mjs puts the banner in place of the marker
# below and sends the script over one ssh per host: sh -s -- NAME ADDRESS. It prints changed=N.
set -eu
name=$1
address=$2
R=/tmp/kotadc-bench/host
changed=0

# dir PATH MODE
dir() {
  if [ ! -d "$1" ]; then install -d -m "$2" "$1"; changed=$((changed + 1))
  elif [ "$(stat -c %a "$1")" != "${2#0}" ]; then chmod "$2" "$1"; changed=$((changed + 1)); fi
}

# put PATH MODE < CONTENT: written to a temp file next to PATH, renamed over it only when it differs
put() {
  tmp="$1.floor-$$"
  cat > "$tmp"
  if cmp -s "$tmp" "$1"; then
    rm -f "$tmp"
    if [ "$(stat -c %a "$1")" != "${2#0}" ]; then chmod "$2" "$1"; changed=$((changed + 1)); fi
  else
    chmod "$2" "$tmp" && mv -f "$tmp" "$1"
    changed=$((changed + 1))
  fi
}

dir $R/etc/app 0755
dir $R/var/lib/app 0750
dir $R/etc/systemd/system 0755

put $R/etc/app/app.conf 0644 <<CONF
# managed by the benchmark playbook
name = $name
address = $address
workers = 4
data = /tmp/kotadc-bench/host/var/lib/app
CONF

if ! grep -qx 'LOG_LEVEL=info' $R/etc/app/env 2>/dev/null; then
  { grep -v '^LOG_LEVEL=' $R/etc/app/env 2>/dev/null || true; echo 'LOG_LEVEL=info'; } | put $R/etc/app/env 0644
fi

put $R/etc/app/motd 0644 <<'MOTD'
@MOTD@
MOTD

printf '2.4.1\n' | put $R/etc/app/release 0644

if [ ! -e $R/var/lib/app/initialised ]; then
  echo initialised > $R/var/lib/app/initialised
  changed=$((changed + 1))
fi

if ! grep -q '^name = ' $R/etc/app/app.conf; then
  echo 'app.conf does not name this host' >&2
  exit 1
fi

put $R/etc/systemd/system/app.service 0644 <<UNIT
[Unit]
Description=benchmark app on $name
After=network-online.target

[Service]
EnvironmentFile=/tmp/kotadc-bench/host/etc/app/env
ExecStart=/usr/local/bin/app --config /tmp/kotadc-bench/host/etc/app/app.conf
Restart=on-failure

[Install]
WantedBy=multi-user.target
UNIT

echo "changed=$changed"
