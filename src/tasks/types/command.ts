import {commandOutputFact, type CommandOutput} from '../../facts/command-output.js'
import {commandSucceedsFact} from '../../facts/command-status.js'
import type {FactRequest} from '../../facts/define.js'
import type {FileInfo} from '../../facts/file.js'
import {fileFact} from '../../facts/file.js'
import {absPath, arg, bool, str} from '../args/fields.js'
import {list, object, optional, refine, withDefault} from '../args/schema.js'
import {change, noChange, unlessAtApply} from '../change.js'
import type {Arg, Cmd} from '../cmd.js'
import {cmd, displayCmd, or, shell, sudo, withStdin} from '../cmd.js'
import {Secret} from '../../inventory/secret.js'
import {defineTask} from '../define.js'
import {run} from '../step.js'

const args = refine(
  object({
    argv: optional(list(arg(), {nonEmpty: true})),
    shell: optional(str('shell text')),
    stdin: optional(arg()),
    creates: optional(absPath()),
    unless: optional(str('shell text')),
    sudo: withDefault(bool(), false),
    check: withDefault(bool(), false),
  }),
  'exactly one of argv or shell; a !secret goes on stdin, never in argv; check: true takes neither creates nor unless',
  (a) => [
    ...(a.check && (a.creates !== undefined || a.unless !== undefined)
      ? [
          {
            path: ['check'],
            code: 'TASK_ARG_INVALID' as const,
            message: 'command: a check command always runs (while facts are gathered); creates and unless do not apply',
            hint: 'remove creates/unless, or remove check: true',
          },
        ]
      : []),
    ...((a.argv === undefined) === (a.shell === undefined)
      ? [
          {
            path: [],
            code: 'TASK_ARG_INVALID' as const,
            message: 'command: give exactly one of argv or shell',
            hint: 'prefer argv: [program, arg, …]; use shell: only for pipes or redirections',
          },
        ]
      : []),
    // Every user on the host can read a process's arguments (ps, /proc/<pid>/cmdline); stdin stays private.
    ...(a.argv ?? []).flatMap((v, i) =>
      v instanceof Secret
        ? [
            {
              path: ['argv', i],
              code: 'TASK_SECRET_IN_ARGV' as const,
              message: `command: secret ${v.name} in argv would be visible in the host's process list`,
              hint: `pass it on standard input instead: stdin: !secret ${v.name} (e.g. argv: [psql, -f, -])`,
            },
          ]
        : [],
    ),
  ],
)

type CommandArgs = {argv?: Arg[]; shell?: string; stdin?: Arg; sudo: boolean}

const commandOf = (a: CommandArgs): Cmd => {
  const c: Cmd = a.argv ? cmd(...(a.argv as [Arg, ...Arg[]])) : shell(a.shell as string)
  const fed = a.stdin === undefined ? c : withStdin(c, a.stdin)
  return a.sudo ? sudo(fed) : fed
}

/**
 * Run a command unless `creates` exists or `unless` succeeds; without guards it runs every time. With `check: true`
 * the command is declared read-only: it runs while facts are gathered (under --check too), never as a change, and its
 * exit code and output are what a `register:` names.
 */
export const commandTask = defineTask({
  type: 'command',
  summary:
    'Runs a command unless `creates` exists or `unless` succeeds (without either it runs every time). With `check: true` it is a read-only check: it runs while facts are gathered, also under `--check`, is never a change, and its result can be named with `register:`.',
  args,
  facts: (a) => {
    const r: {creates?: FactRequest<FileInfo>; unless?: FactRequest<boolean>; output?: FactRequest<CommandOutput>} = {}
    if (a.check) r.output = commandOutputFact({cmd: commandOf(a)})
    if (a.creates) r.creates = fileFact({path: a.creates, content: false})
    if (a.unless) r.unless = commandSucceedsFact({cmd: a.sudo ? sudo(shell(a.unless)) : shell(a.unless)})
    return r
  },
  plan: (a, facts) => {
    if (facts.output) return noChange(`checked \`${displayCmd(commandOf(a))}\`: exit ${facts.output.rc}`)
    const held = {creates: `${a.creates} exists`, unless: `\`${a.unless}\` succeeded`}
    if (a.creates && facts.creates?.exists) return noChange(held.creates)
    if (a.unless && facts.unless) return noChange(held.unless)
    const c = commandOf(a)
    const planned = change(`run ${displayCmd(c)}`, [run(c)])
    // The guards are the whole plan: an earlier task of the run (a template the guard greps) may make one hold.
    const guards = [
      ...(a.creates ? [or(sudo(cmd('test', '-e', a.creates)), sudo(cmd('test', '-L', a.creates)))] : []),
      ...(a.unless ? [a.sudo ? sudo(shell(a.unless)) : shell(a.unless)] : []),
    ]
    const reason = [...(a.creates ? [held.creates] : []), ...(a.unless ? [held.unless] : [])].join(' or ')
    return guards.length === 0 ? planned : unlessAtApply(planned, guards.length === 1 ? (guards[0] as Cmd) : or(...guards), reason)
  },
})
