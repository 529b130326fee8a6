import {shell} from '../tasks/cmd.js'
import {defineFact} from './define.js'

export interface OsRelease {
  id: string
  versionId: string
  codename: string
  prettyName: string
  /** `uname -m`, e.g. x86_64, aarch64. */
  arch: string
}

const unquote = (v: string): string => (/^(["']).*\1$/.test(v) ? v.slice(1, -1).replace(/\\(["$`\\])/g, '$1') : v)

export const osReleaseFact = defineFact<void, OsRelease>({
  name: 'os-release',
  command: () => shell('cat /etc/os-release; echo "@@arch=$(uname -m)"'),
  parse: (stdout) => {
    const kv: Record<string, string> = {}
    for (const line of stdout.split('\n')) {
      const m = /^([A-Z_@a-z]+)=(.*)$/.exec(line.trim())
      if (m?.[1] !== undefined) kv[m[1]] = unquote(m[2] ?? '')
    }
    return {
      id: kv.ID ?? '',
      versionId: kv.VERSION_ID ?? '',
      codename: kv.VERSION_CODENAME ?? '',
      prettyName: kv.PRETTY_NAME ?? '',
      arch: kv['@@arch'] ?? '',
    }
  },
})
