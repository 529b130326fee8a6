import {shell} from '../tasks/cmd.js'
import {defineFact, keyValues} from './define.js'

export type ServiceInfo =
  | {
      init: 'systemd'
      /** False when systemd has no such unit (LoadState not-found). */
      exists: boolean
      active: boolean
      /** `systemctl is-enabled` output: enabled, disabled, static, masked, … (empty when unknown). */
      enabled: string
    }
  | {
      init: 'sysv'
      /** /etc/init.d/<name> exists and is executable. */
      exists: boolean
      /** `status` exited 0 (LSB: running). */
      active: boolean
      /** An S link in /etc/rc[2-5].d. */
      enabled: boolean
      /** update-rc.d is available to enable or disable the script. */
      hasUpdateRcd: boolean
    }

// systemd is "running" when /run/systemd/system exists (sd_booted); containers and old hosts fall back to init.d.
const SCRIPT = [
  's="$1"',
  'if [ -d /run/systemd/system ]; then',
  '  echo init=systemd',
  '  echo "load=$(systemctl show -p LoadState --value -- "$s" 2>/dev/null)"',
  '  echo "active=$(systemctl is-active -- "$s" 2>/dev/null)"',
  '  echo "enabled=$(systemctl is-enabled -- "$s" 2>/dev/null)"',
  'else',
  '  echo init=sysv',
  '  if [ -x "/etc/init.d/$s" ]; then echo exists=yes; "/etc/init.d/$s" status >/dev/null 2>&1; echo "status=$?"; else echo exists=no; fi',
  '  if ls /etc/rc[2345].d/S[0-9][0-9]"$s" >/dev/null 2>&1; then echo enabled=yes; else echo enabled=no; fi',
  // Facts run as the login user, whose PATH on Debian lacks the sbin directories where update-rc.d lives.
  '  if [ -x /usr/sbin/update-rc.d ] || [ -x /sbin/update-rc.d ]; then echo updatercd=yes; else echo updatercd=no; fi',
  'fi',
].join('\n')

/** State of one service under systemd, or under the host's init scripts where systemd is not running. */
export const serviceFact = defineFact<{name: string}, ServiceInfo>({
  name: 'service',
  command: ({name}) => shell(SCRIPT, name),
  parse: (stdout) => {
    const kv = keyValues(stdout)
    if (kv.init === 'systemd') {
      return {
        init: 'systemd',
        exists: (kv.load ?? '') !== 'not-found' && (kv.load ?? '') !== '',
        active: kv.active === 'active',
        enabled: kv.enabled ?? '',
      }
    }
    return {init: 'sysv', exists: kv.exists === 'yes', active: kv.status === '0', enabled: kv.enabled === 'yes', hasUpdateRcd: kv.updatercd === 'yes'}
  },
})
