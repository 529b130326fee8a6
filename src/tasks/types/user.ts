import {groupsFact} from '../../facts/groups.js'
import {usersFact} from '../../facts/users.js'
import {absPath, bool, int, principal} from '../args/fields.js'
import {list, object, optional, withDefault} from '../args/schema.js'
import {change, noChange} from '../change.js'
import {cmd, sudo} from '../cmd.js'
import {defineTask} from '../define.js'
import {run} from '../step.js'

/**
 * A local user. `groups` are supplementary groups the user must belong to; other memberships are left alone.
 * An existing user's home is changed without moving files.
 */
export const userTask = defineTask({
  type: 'user',
  summary: 'Ensures a local user; `groups` are supplementary groups it must belong to (others are left alone).',
  args: object({
    name: principal('user', {numeric: false}),
    uid: optional(int()),
    groups: optional(list(principal('group', {numeric: false}))),
    shell: optional(absPath()),
    home: optional(absPath()),
    system: withDefault(bool(), false),
  }),
  facts: () => ({users: usersFact(), groups: groupsFact()}),
  plan: (a, {users, groups}) => {
    const found = users.find((u) => u.name === a.name)
    if (!found) {
      const opts = [
        ...(a.system ? ['--system'] : ['--create-home']),
        ...(a.uid === undefined ? [] : ['--uid', String(a.uid)]),
        ...(a.home === undefined ? [] : ['--home-dir', a.home]),
        ...(a.shell === undefined ? [] : ['--shell', a.shell]),
        ...(a.groups?.length ? ['--groups', a.groups.join(',')] : []),
      ]
      return change(`add user ${a.name}`, [run(sudo(cmd('useradd', ...opts, a.name)))])
    }
    const opts: string[] = []
    const fixes: string[] = []
    if (a.uid !== undefined && a.uid !== found.uid) {
      opts.push('--uid', String(a.uid))
      fixes.push(`uid ${found.uid} → ${a.uid}`)
    }
    if (a.home !== undefined && a.home !== found.home) {
      opts.push('--home', a.home)
      fixes.push(`home ${found.home} → ${a.home}`)
    }
    if (a.shell !== undefined && a.shell !== found.shell) {
      opts.push('--shell', a.shell)
      fixes.push(`shell ${found.shell} → ${a.shell}`)
    }
    const missing = (a.groups ?? []).filter((g) => {
      const grp = groups.find((x) => x.name === g)
      return !grp || (!grp.members.includes(a.name) && grp.gid !== found.gid)
    })
    if (missing.length > 0) {
      opts.push('--append', '--groups', missing.join(','))
      fixes.push(`join ${missing.join(', ')}`)
    }
    if (opts.length === 0) return noChange(`user ${a.name} up to date`)
    return change(`change user ${a.name}: ${fixes.join(', ')}`, [run(sudo(cmd('usermod', ...opts, a.name)))])
  },
})
