import {cmd} from '../tasks/cmd.js'
import {defineFact} from './define.js'

/** Current kernel parameter value, whitespace normalised (`32768\t60999` → `32768 60999`); null when unknown. */
export const sysctlFact = defineFact<{key: string}, string | null>({
  name: 'sysctl',
  // Facts run as the login user, whose PATH on Debian has no /sbin: a bare `sysctl` is "not found" and every value
  // would read as unknown (then `sysctl -w` runs each time, and fails where /proc/sys is read-only).
  command: ({key}) => cmd('/sbin/sysctl', '-n', key),
  parse: (stdout, exitCode) => (exitCode === 0 ? normalizeSysctl(stdout) : null),
})

export const normalizeSysctl = (value: string): string => value.trim().split(/\s+/).join(' ')
