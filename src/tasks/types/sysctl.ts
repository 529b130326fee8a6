import {fileFact} from '../../facts/file.js'
import {normalizeSysctl, sysctlFact} from '../../facts/sysctl.js'
import {bool, scalar, sysctlKey} from '../args/fields.js'
import {object, withDefault} from '../args/schema.js'
import {change, noChange} from '../change.js'
import {cmd, sudo} from '../cmd.js'
import {defineTask} from '../define.js'
import {planFileWrite} from '../file-write.js'
import {editLines} from '../line-edit.js'
import type {Step} from '../step.js'
import {run} from '../step.js'

/** Where persisted values go; read at boot by systemd-sysctl / procps. */
export const SYSCTL_FILE = '/etc/sysctl.d/99-kotadc.conf'

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** A kernel parameter, set now and (with persist) kept across reboots in 99-kotadc.conf. */
export const sysctlTask = defineTask({
  type: 'sysctl',
  summary: 'Sets a kernel parameter now and, with `persist: true`, in /etc/sysctl.d/99-kotadc.conf.',
  args: object({key: sysctlKey(), value: scalar('a value'), persist: withDefault(bool(), false)}),
  facts: (a) => ({current: sysctlFact({key: a.key}), conf: fileFact({path: SYSCTL_FILE, content: true})}),
  plan: (a, {current, conf}, ctx) => {
    const value = normalizeSysctl(a.value)
    const steps: Step[] = []
    const what: string[] = []
    if (current !== value) {
      steps.push(run(sudo(cmd('sysctl', '-w', `${a.key}=${value}`))))
      what.push(`set ${a.key} = ${value} (was ${current ?? 'unknown'})`)
    }
    let diff: string | undefined
    if (a.persist) {
      const before = conf.exists && conf.content ? conf.content.toString('utf8') : ''
      const after = editLines(before, {line: `${a.key} = ${value}`, regexp: `^\\s*${escapeRe(a.key)}\\s*=`, state: 'present'})
      const write = conf.exists && after === before ? noChange('') : planFileWrite({path: SYSCTL_FILE}, after, conf, ctx.token)
      if (write.changed) {
        steps.push(...write.steps)
        what.push(`persist in ${SYSCTL_FILE}`)
        diff = write.diff
      }
    }
    return steps.length === 0 ? noChange(`${a.key} = ${value}`) : change(what.join(', '), steps, diff)
  },
})
