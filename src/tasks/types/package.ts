import {installedPackagesFact} from '../../facts/packages.js'
import {bool, oneOf, packageName} from '../args/fields.js'
import {list, object, withDefault} from '../args/schema.js'
import {change, noChange} from '../change.js'
import type {ExecCmd} from '../cmd.js'
import {cmd, sudo, withEnv} from '../cmd.js'
import {defineTask} from '../define.js'
import type {Step} from '../step.js'
import {run} from '../step.js'

const apt = (...argv: string[]): ExecCmd => sudo(withEnv(cmd('apt-get', ...argv), {DEBIAN_FRONTEND: 'noninteractive'}))

/** `nginx:amd64=1.22-1` → name nginx, version 1.22-1. */
const spec = (s: string): {name: string; version?: string} => {
  const [nameArch = s, version] = s.split('=')
  const name = nameArch.split(':')[0] ?? nameArch
  return version === undefined ? {name} : {name, version}
}

/** Debian packages, installed or removed with one apt-get call for all that need it. */
export const packageTask = defineTask({
  type: 'package',
  summary: 'Installs or removes Debian packages, all that need it in one apt-get call.',
  args: object({
    names: list(packageName(), {nonEmpty: true}),
    state: withDefault(oneOf('present', 'absent'), 'present'),
    update: withDefault(bool(), false),
  }),
  facts: () => ({installed: installedPackagesFact()}),
  plan: (a, {installed}) => {
    const todo = a.names.filter((n) => {
      const {name, version} = spec(n)
      const have = installed[name]
      return a.state === 'present' ? have === undefined || (version !== undefined && have !== version) : have !== undefined
    })
    if (todo.length === 0) return noChange(`${a.names.join(', ')} ${a.state === 'present' ? 'installed' : 'not installed'}`)
    const steps: Step[] = []
    if (a.update && a.state === 'present') steps.push(run(apt('update', '-q')))
    steps.push(run(a.state === 'present' ? apt('install', '-y', '--no-install-recommends', ...todo) : apt('remove', '-y', ...todo)))
    return change(`${a.state === 'present' ? 'install' : 'remove'} ${todo.join(', ')}`, steps)
  },
})
