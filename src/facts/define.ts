import {createHash} from 'node:crypto'
import type {Cmd} from '../tasks/cmd.js'
import {renderCmd} from '../tasks/cmd.js'

/** One fact to gather on a host: a command and how to read its output. Built by a fact factory. */
export interface FactRequest<T> {
  readonly name: string
  /** Identical requests share a key, so a batch runs them once. */
  readonly key: string
  readonly command: Cmd
  parse(stdout: string, exitCode: number): T
  /** How the runner re-checks this fact right before a change planned on it (runner/apply-script.ts). */
  readonly recheck: FactRecheck
  /** Set when requests of this kind are gathered together by one command (batch.ts): this request's place in it. */
  readonly group?: FactGroupMember
}

/** What a fact prints on its own: its stdout and exit code, as `command` would have printed them. */
export interface FactOutput {
  stdout: string
  exitCode: number
}

/**
 * Gathers many requests of one fact kind with one command, because a process start per request is what a busy host
 * pays for (one stat for every file instead of a stat per file).
 */
export interface FactGroup {
  /** Requests whose groups share this id are gathered together. */
  readonly id: string
  /** One command gathering every member, in order. */
  command(members: readonly unknown[]): Cmd
  /**
   * Cuts that command's output into each member's output, exactly as the member's own `command` prints it, so its
   * parser and its re-check read it unchanged.
   */
  split(stdout: string, exitCode: number, members: readonly unknown[]): FactOutput[]
}

export interface FactGroupMember {
  readonly group: FactGroup
  /** This request's arguments, as the group's command reads them. */
  readonly member: unknown
}

/**
 * A cheap command whose output shows whether the fact still holds, and the output it must print to hold (given the
 * gathered output). The output travels inside the apply script, so it must stay small.
 */
export interface FactRecheck {
  readonly command: Cmd
  /** `<output> <exit code>`: what the re-check must print for the fact to still hold. */
  expected(stdout: string, exitCode: number): string
  /**
   * For gathered values that one test decides (a file that was absent: `test -e`), that test and whether it must
   * succeed: run without capturing output, a shell built-in starts no process on the host.
   */
  test?(stdout: string, exitCode: number): {cmd: Cmd; succeeds: boolean} | undefined
}

export type FactValue<R> = R extends FactRequest<infer T> ? T : never

export interface FactDefinition<A, T> {
  /** A noun, e.g. `installed-packages`. */
  name: string
  command: (args: A) => Cmd
  parse: (stdout: string, exitCode: number, args: A) => T
  /** Default: the same command, printing the same output and exit code. */
  recheck?: (args: A) => FactRecheck
  /** Gather many requests of this fact with one command (default: each request runs its own command). */
  group?: FactGroup & {member(args: A): unknown}
}

// The key must tell apart commands that differ only inside a secret, without carrying the secret itself.
const keyOf = (name: string, command: Cmd): string => `${name}:${createHash('sha256').update(renderCmd(command)).digest('hex').slice(0, 16)}`

/** Declare a fact (pyinfra style): a command built from arguments and a pure parser of its stdout and exit code. */
export function defineFact<A = void, T = unknown>(def: FactDefinition<A, T>): (args: A) => FactRequest<T> {
  return (args: A) => {
    const command = def.command(args)
    return {
      name: def.name,
      key: keyOf(def.name, command),
      command,
      parse: (stdout, exitCode) => def.parse(stdout, exitCode, args),
      recheck: def.recheck?.(args) ?? {command, expected: (stdout, exitCode) => `${stdout} ${exitCode}`},
      ...(def.group ? {group: {group: def.group, member: def.group.member(args)}} : {}),
    }
  }
}

/** Split `key=value` lines into a record (later keys win). */
export const keyValues = (stdout: string): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=')
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1)
  }
  return out
}
