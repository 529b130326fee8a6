import {groupsFact} from '../../facts/groups.js'
import {bool, int, principal} from '../args/fields.js'
import {object, optional, withDefault} from '../args/schema.js'
import {change, noChange} from '../change.js'
import {cmd, sudo} from '../cmd.js'
import {defineTask} from '../define.js'
import {run} from '../step.js'

/** A local group, optionally with a fixed gid. */
export const groupTask = defineTask({
  type: 'group',
  summary: 'Ensures a local group, optionally with a fixed gid.',
  args: object({name: principal('group', {numeric: false}), gid: optional(int()), system: withDefault(bool(), false)}),
  facts: () => ({groups: groupsFact()}),
  plan: (a, {groups}) => {
    const found = groups.find((g) => g.name === a.name)
    if (!found) {
      const opts = [...(a.system ? ['--system'] : []), ...(a.gid === undefined ? [] : ['--gid', String(a.gid)])]
      return change(`add group ${a.name}`, [run(sudo(cmd('groupadd', ...opts, a.name)))])
    }
    if (a.gid !== undefined && found.gid !== a.gid) {
      return change(`change gid of ${a.name}: ${found.gid} → ${a.gid}`, [run(sudo(cmd('groupmod', '--gid', String(a.gid), a.name)))])
    }
    return noChange(`group ${a.name} present`)
  },
})
