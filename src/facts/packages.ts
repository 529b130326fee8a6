import {cmd} from '../tasks/cmd.js'
import {defineFact} from './define.js'

/** Installed Debian packages: name → version. Empty when dpkg-query is missing. */
export type InstalledPackages = Record<string, string>

// "hold ok installed" is installed too; "deinstall ok config-files" is not.
const INSTALLED = / (installed)$/

export const installedPackagesFact = defineFact<void, InstalledPackages>({
  name: 'installed-packages',
  command: () => cmd('dpkg-query', '-W', '-f', '${Package}\\t${Status}\\t${Version}\\n'),
  parse: (stdout) => {
    const out: InstalledPackages = {}
    for (const line of stdout.split('\n')) {
      const [name, status, version] = line.split('\t')
      if (name && status && INSTALLED.test(status)) out[name] = version ?? ''
    }
    return out
  },
})
