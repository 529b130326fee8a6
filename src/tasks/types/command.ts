import {commandSucceedsFact} from '../../facts/command-status.js'
import type {FactRequest} from '../../facts/define.js'
import type {FileInfo} from '../../facts/file.js'
import {fileFact} from '../../facts/file.js'
import {absPath, arg, bool, str} from '../args/fields.js'
import {list, object, optional, refine, withDefault} from '../args/schema.js'
import {change, noChange} from '../change.js'
import type {Arg, Cmd} from '../cmd.js'
import {cmd, displayCmd, shell, sudo} from '../cmd.js'
import {defineTask} from '../define.js'
import {run} from '../step.js'

const args = refine(
  object({argv: optional(list(arg(), {nonEmpty: true})), shell: optional(str('shell text')), creates: optional(absPath()), unless: optional(str('shell text')), sudo: withDefault(bool(), false)}),
  (a) =>
    (a.argv === undefined) === (a.shell === undefined)
      ? [{path: [], code: 'TASK_ARG_INVALID', message: 'command: give exactly one of argv or shell', hint: 'prefer argv: [program, arg, …]; use shell: only for pipes or redirections'}]
      : [],
)

type CommandArgs = {argv?: Arg[]; shell?: string; sudo: boolean}

const commandOf = (a: CommandArgs): Cmd => {
  const c: Cmd = a.argv ? cmd(...(a.argv as [Arg, ...Arg[]])) : shell(a.shell as string)
  return a.sudo ? sudo(c) : c
}

/** Run a command unless `creates` exists or `unless` succeeds; without guards it runs every time. */
export const commandTask = defineTask({
  type: 'command',
  args,
  facts: (a) => {
    const r: {creates?: FactRequest<FileInfo>; unless?: FactRequest<boolean>} = {}
    if (a.creates) r.creates = fileFact({path: a.creates, content: false})
    if (a.unless) r.unless = commandSucceedsFact({cmd: a.sudo ? sudo(shell(a.unless)) : shell(a.unless)})
    return r
  },
  plan: (a, facts) => {
    if (a.creates && facts.creates?.exists) return noChange(`${a.creates} exists`)
    if (a.unless && facts.unless) return noChange(`\`${a.unless}\` succeeded`)
    const c = commandOf(a)
    return change(`run ${displayCmd(c)}`, [run(c)])
  },
})
