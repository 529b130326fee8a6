import {and, type Cmd, cmd, or, shell, sudo} from './cmd.js'
import {badToken, TOKEN_PATTERN} from '../errors/tasks.js'
import type {FileContent, Step} from './step.js'
import {put, run} from './step.js'

export interface AtomicWrite {
  path: string
  content: FileContent
  owner: string
  group: string
  mode: string
  /** Shell text naming the new file as %s; a non-zero exit keeps the old file. */
  validate?: string
  token: string
}

const dirOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/'
const baseOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1)

/** Staging file the login user uploads to (it cannot write the target directory itself). */
export const stagingPath = (path: string, token: string): string => `/tmp/.kotadc-${token}-${baseOf(path)}`

/** Temp file next to the target, so the final `mv` is a rename within one filesystem (atomic). */
export const tempPath = (path: string, token: string): string => `${dirOf(path).replace(/\/$/, '')}/.kotadc-${baseOf(path)}.${token}`

/** The umask under which open() creates a file with `mode`'s permission bits (it never sets execute or special ones). */
const umaskFor = (mode: string): string => (0o777 & ~parseInt(mode, 8)).toString(8).padStart(4, '0')

/**
 * What root still has to set on a temp file it created under umaskFor(mode): chmod only for execute or special bits,
 * chown only for another owner, or where the directory's setgid bit handed the file the directory's group.
 */
function rootAttributes(w: AtomicWrite, temp: string): Cmd[] {
  const chown = sudo(cmd('chown', `${w.owner}:${w.group}`, '--', temp))
  const rootOwned = w.owner === 'root' && w.group === 'root'
  return [
    rootOwned ? or(cmd('test', '!', '-g', dirOf(temp)), chown) : chown,
    ...((parseInt(w.mode, 8) & 0o7111) !== 0 ? [sudo(cmd('chmod', w.mode, '--', temp))] : []),
  ]
}

/**
 * Steps that replace `path` atomically: upload to staging, move next to the target, set owner and mode,
 * run the validator on the temp file (removing it if the check fails), then rename over the target.
 */
export function atomicWriteSteps(w: AtomicWrite): Step[] {
  if (!TOKEN_PATTERN.test(w.token)) throw badToken(w.token)
  const staging = stagingPath(w.path, w.token)
  const temp = tempPath(w.path, w.token)
  // The validator reads the temp path as "$1", so an odd path is never parsed as shell code.
  const validate = w.validate === undefined ? undefined : sudo(shell(w.validate.replaceAll('%s', '"$1"'), temp))
  const checks = validate === undefined ? [] : [or(validate, and(sudo(cmd('rm', '-f', '--', temp)), cmd('false')))]
  const atomic = {temp, umask: umaskFor(w.mode), finish: and(...rootAttributes(w, temp), ...checks, sudo(cmd('mv', '-f', '--', temp, w.path)))}
  return [
    {...put(staging, w.content, '0600'), atomic},
    run(
      and(
        sudo(cmd('mv', '-f', '--', staging, temp)),
        sudo(cmd('chown', `${w.owner}:${w.group}`, '--', temp)),
        sudo(cmd('chmod', w.mode, '--', temp)),
        ...checks,
        sudo(cmd('mv', '-f', '--', temp, w.path)),
      ),
    ),
  ]
}
