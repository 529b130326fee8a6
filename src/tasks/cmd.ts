import {Secret, SECRET_MASK} from '../inventory/secret.js'
import {shellQuote, shellQuoteCommandWord} from './quote.js'

/** One argument of a command: plain text, or a secret that is revealed only on the wire. */
export type Arg = string | Secret

interface CmdOptions {
  /** Run as root through `sudo -n` (never prompts). */
  readonly sudo?: boolean
  /** Bytes the runner sends on the command's standard input. */
  readonly stdin?: Arg
}

/** A program and its arguments, never a shell string. */
export interface ExecCmd extends CmdOptions {
  readonly kind: 'exec'
  readonly argv: readonly Arg[]
  /** Variables set through `env K=V` (sudo resets the environment, so they are passed explicitly). */
  readonly env?: Readonly<Record<string, string>>
}

/** Commands joined by `&&`, `||`, `|` or `;` (seq). Nested lists are grouped in a subshell. */
export interface ListCmd extends CmdOptions {
  readonly kind: 'and' | 'or' | 'pipe' | 'seq'
  readonly parts: readonly Cmd[]
}

/** `sh -c SCRIPT sh ARGS…`: the script reads its arguments as "$1"…, so they are never parsed as shell code. */
export interface ShellCmd extends CmdOptions {
  readonly kind: 'shell'
  readonly script: string
  readonly args: readonly Arg[]
}

/** Constant shell text written by kotadc itself (markers, `$?`); never built from user data. */
export interface RawCmd extends CmdOptions {
  readonly kind: 'raw'
  readonly text: string
}

export type Cmd = ExecCmd | ListCmd | ShellCmd | RawCmd

export const cmd = (...argv: [Arg, ...Arg[]]): ExecCmd => ({kind: 'exec', argv})
export const withEnv = (c: ExecCmd, env: Record<string, string>): ExecCmd => ({...c, env: {...c.env, ...env}})
export const withStdin = <C extends Cmd>(c: C, stdin: Arg): C => ({...c, stdin})
export const sudo = <C extends Cmd>(c: C): C => ({...c, sudo: true})
export const and = (...parts: Cmd[]): ListCmd => ({kind: 'and', parts})
export const or = (...parts: Cmd[]): ListCmd => ({kind: 'or', parts})
export const pipe = (...parts: Cmd[]): ListCmd => ({kind: 'pipe', parts})
export const seq = (...parts: Cmd[]): ListCmd => ({kind: 'seq', parts})
export const shell = (script: string, ...args: Arg[]): ShellCmd => ({kind: 'shell', script, args})
/** Constant shell text only: anything derived from input must go through `cmd` or `shell` arguments. */
export const raw = (text: string): RawCmd => ({kind: 'raw', text})

type Mode = 'wire' | 'display'

const word = (a: Arg, mode: Mode, first = false): string => {
  if (a instanceof Secret) return mode === 'wire' ? shellQuote(a.reveal()) : SECRET_MASK
  return first ? shellQuoteCommandWord(a) : shellQuote(a)
}

const JOIN = {and: ' && ', or: ' || ', pipe: ' | ', seq: '; '} as const

const bare = (c: Cmd, mode: Mode): string => {
  switch (c.kind) {
    case 'exec': {
      const env = Object.entries(c.env ?? {}).map(([k, v]) => shellQuote(`${k}=${v}`))
      const argv = c.argv.map((a, i) => word(a, mode, i === 0 && env.length === 0))
      return [...(env.length > 0 ? ['env', ...env] : []), ...argv].join(' ')
    }
    case 'shell':
      // "sh" fills $0, so the first argument is $1; without arguments it is left out.
      return ['sh', '-c', shellQuote(c.script), ...(c.args.length > 0 ? ['sh', ...c.args.map((a) => word(a, mode))] : [])].join(' ')
    case 'raw':
      return c.text
    default:
      return c.parts.map((p) => (isList(p) && !p.sudo ? `(${render(p, mode)})` : render(p, mode))).join(JOIN[c.kind])
  }
}

const isList = (c: Cmd): c is ListCmd => c.kind === 'and' || c.kind === 'or' || c.kind === 'pipe' || c.kind === 'seq'

function render(c: Cmd, mode: Mode): string {
  if (!c.sudo) return bare(c, mode)
  // sudo takes one program: lists and raw text run inside a root shell.
  if (isList(c) || c.kind === 'raw') return `sudo -n sh -c ${shellQuote(bare(c, mode))}`
  return `sudo -n ${bare(c, mode)}`
}

/** The exact `sh` line sent to the host. Quoting happens here, once, and only here are secrets revealed. */
export const renderCmd = (c: Cmd): string => render(c, 'wire')

/** The line shown in plans, logs and errors: like renderCmd, with every secret as `***`. */
export const displayCmd = (c: Cmd): string => render(c, 'display')

/** What the runner writes to the command's standard input, revealed (undefined: no input). */
export const stdinOf = (c: Cmd): string | undefined => (c.stdin instanceof Secret ? c.stdin.reveal() : c.stdin)

/** The same command with every sudo removed, for a login that already is root (sudo would only cost a process). */
export const withoutSudo = (c: Cmd): Cmd => (isList(c) ? {...c, sudo: false, parts: c.parts.map(withoutSudo)} : {...c, sudo: false})

/** True when the command, or every part of a list, runs under sudo. */
export const allSudo = (c: Cmd): boolean => c.sudo === true || (isList(c) && c.parts.length > 0 && c.parts.every(allSudo))

/** Commands that each run under sudo, as one root shell (`a && b && c`): one sudo instead of one per part. */
export const hoistSudo = (cmds: readonly Cmd[]): Cmd => sudo(cmds.length === 1 ? withoutSudo(cmds[0] as Cmd) : and(...cmds.map(withoutSudo)))
