import type {Cmd} from '../../../src/tasks/cmd.js'

/** The same command without sudo, so tests can run fact scripts and write steps as the current user. */
export const unsudo = (c: Cmd): Cmd => {
  const base = {...c, sudo: false}
  return 'parts' in base ? {...base, parts: base.parts.map(unsudo)} : base
}
