import {fileFact} from '../../facts/file.js'
import {absPath, mode, principal} from '../args/fields.js'
import {object, optional, refine} from '../args/schema.js'
import {change, noChange} from '../change.js'
import {cmd, sudo} from '../cmd.js'
import {defineTask} from '../define.js'
import {attributesOnSymlink, pathMissing} from '../../errors/tasks.js'
import type {Step} from '../step.js'
import {run} from '../step.js'

const args = refine(
  object({path: absPath(), owner: optional(principal('user')), group: optional(principal('group')), mode: optional(mode())}),
  'at least one of owner, group and mode; the path must exist and not be a symbolic link',
  (a) =>
    a.owner === undefined && a.group === undefined && a.mode === undefined
      ? [{path: [], code: 'TASK_ARG_INVALID', message: 'attributes: give owner, group, mode or several', hint: 'e.g. mode: "0640", group: adm'}]
      : [],
)

/** Owner, group and mode of a file or directory that something else creates (a package, a service): never its content. */
export const attributesTask = defineTask({
  type: 'attributes',
  summary: 'Sets the owner, group and mode of a file or directory that something else creates (a package, a service); never its content.',
  args,
  facts: (a) => ({file: fileFact({path: a.path, content: false})}),
  plan: (a, {file}) => {
    if (!file.exists) throw pathMissing(a.path)
    if (file.type === 'symlink') throw attributesOnSymlink(a.path)
    const steps: Step[] = []
    const fixes: string[] = []
    const owner = a.owner ?? file.owner
    const group = a.group ?? file.group
    if (owner !== file.owner || group !== file.group) {
      steps.push(run(sudo(cmd('chown', `${owner}:${group}`, '--', a.path))))
      fixes.push(`owner ${file.owner}:${file.group} → ${owner}:${group}`)
    }
    if (a.mode !== undefined && a.mode !== file.mode) {
      steps.push(run(sudo(cmd('chmod', a.mode, '--', a.path))))
      fixes.push(`mode ${file.mode} → ${a.mode}`)
    }
    return steps.length === 0 ? noChange(`${a.path} has its owner and mode`) : change(`fix ${a.path}: ${fixes.join(', ')}`, steps)
  },
})
