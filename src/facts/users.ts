import {cmd} from '../tasks/cmd.js'
import {defineFact} from './define.js'

export interface UserEntry {
  name: string
  uid: number
  gid: number
  home: string
  shell: string
}

/** Every account from `getent passwd` (local and directory users). */
export const usersFact = defineFact<void, UserEntry[]>({
  name: 'users',
  command: () => cmd('getent', 'passwd'),
  parse: (stdout) =>
    stdout.split('\n').flatMap((line) => {
      const f = line.split(':')
      if (f.length < 7 || !f[0]) return []
      return [{name: f[0], uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '', shell: f[6] ?? ''}]
    }),
})
