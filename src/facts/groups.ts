import {cmd} from '../tasks/cmd.js'
import {defineFact} from './define.js'

export interface GroupEntry {
  name: string
  gid: number
  /** Supplementary members (users whose primary group this is are not listed). */
  members: string[]
}

/** Every group from `getent group`. */
export const groupsFact = defineFact<void, GroupEntry[]>({
  name: 'groups',
  command: () => cmd('getent', 'group'),
  parse: (stdout) =>
    stdout.split('\n').flatMap((line) => {
      const f = line.split(':')
      if (f.length < 4 || !f[0]) return []
      return [{name: f[0], gid: Number(f[2]), members: (f[3] ?? '').split(',').filter((m) => m !== '')}]
    }),
})
