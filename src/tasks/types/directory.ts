import {directoryFact} from '../../facts/file.js'
import {absPath, mode, oneOf, principal} from '../args/fields.js'
import {object, optional, refine, withDefault} from '../args/schema.js'
import {change, noChange} from '../change.js'
import {cmd, sudo} from '../cmd.js'
import {defineTask} from '../define.js'
import {notADirectory} from '../../errors/tasks.js'
import type {Step} from '../step.js'
import {run} from '../step.js'

const args = refine(
  object({
    path: absPath(),
    owner: optional(principal('user')),
    group: optional(principal('group')),
    mode: optional(mode()),
    state: withDefault(oneOf('present', 'absent'), 'present'),
  }),
  'path is not /',
  (a) =>
    a.path === '/'
      ? [{path: ['path'], code: 'TASK_ARG_INVALID', message: 'path: / cannot be managed as a directory', hint: 'name a directory below /'}]
      : [],
)

/** A directory (created with parents) and its owner, group and mode; or its removal with everything inside. */
export const directoryTask = defineTask({
  type: 'directory',
  summary: 'Creates a directory (with parents) and sets its owner, group and mode; or removes it with everything inside (`state: absent`).',
  args,
  facts: (a) => ({dir: directoryFact({path: a.path})}),
  plan: (a, {dir}) => {
    if (a.state === 'absent') {
      return dir.exists ? change(`remove ${a.path}`, [run(sudo(cmd('rm', '-rf', '--', a.path)))]) : noChange(`${a.path} is absent`)
    }
    if (!dir.exists) {
      const opts = [...(a.owner ? ['-o', a.owner] : []), ...(a.group ? ['-g', a.group] : []), '-m', a.mode ?? '0755']
      return change(`create ${a.path}`, [run(sudo(cmd('install', '-d', ...opts, '--', a.path)))])
    }
    if (dir.type !== 'directory') throw notADirectory(a.path, dir.type)
    const steps: Step[] = []
    const fixes: string[] = []
    if ((a.owner && a.owner !== dir.owner) || (a.group && a.group !== dir.group)) {
      const who = `${a.owner ?? dir.owner}:${a.group ?? dir.group}`
      steps.push(run(sudo(cmd('chown', who, '--', a.path))))
      fixes.push(`owner ${dir.owner}:${dir.group} → ${who}`)
    }
    if (a.mode && a.mode !== dir.mode) {
      steps.push(run(sudo(cmd('chmod', a.mode, '--', a.path))))
      fixes.push(`mode ${dir.mode} → ${a.mode}`)
    }
    return steps.length === 0 ? noChange(`${a.path} is up to date`) : change(`fix ${a.path}: ${fixes.join(', ')}`, steps)
  },
})
