import {createHash} from 'node:crypto'
import {shell, sudo} from '../tasks/cmd.js'
import type {FactGroup, FactOutput} from './define.js'
import {factOutputUnexpected} from '../errors/facts.js'

/** One file fact of a group: its path, and whether its content is wanted. */
export interface FileMember {
  path: string
  content: boolean
}

// Every file of a host in four processes, whatever their number: one stat, one sha256sum, one cat into one base64.
// Kinds come from shell built-ins ([ -L ], [ -f ], [ -e ]), and the stat lines are walked by parameter expansion,
// because on a busy host every process start is the cost. Paths arrive as arguments ("$3"…), never as shell code.
// Output: the kinds (a: absent, f: regular file, o: anything else, one letter per member), a stat line per member
// that exists, a sha256sum line per regular file, which members' content follows (one 0/1 each), that content
// concatenated in base64. The controller cuts it apart by the sizes stat gave, and checks each part's sha256.
const SCRIPT = [
  'lim=$1; want=$2; shift 2',
  'n=0; for p do eval "p$n=\\$p"; n=$((n + 1)); done',
  'k=; set --; i=0',
  'while [ $i -lt $n ]; do',
  '  eval "p=\\$p$i"',
  '  if [ -L "$p" ]; then t=o; elif [ -f "$p" ]; then t=f; elif [ -e "$p" ]; then t=o; else t=a; fi',
  '  k=$k$t; [ $t = a ] || set -- "$@" "$p"; i=$((i + 1))',
  'done',
  `printf '%s\\n' "$k"`,
  's=',
  `if [ $# -gt 0 ]; then s=$(stat -c '%F|%a|%U|%G|%s' -- "$@") || exit 1; printf '%s\\n' "$s"; fi`,
  'set --; r=$k; i=0',
  'while [ $i -lt $n ]; do',
  '  t=${r%"${r#?}"}; r=${r#?}',
  '  [ $t != f ] || eval "set -- \\"\\$@\\" \\"\\$p$i\\""; i=$((i + 1))',
  'done',
  '[ $# -eq 0 ] || sha256sum -- "$@" || exit 1',
  "nl='",
  "'",
  'l=$s$nl; r=$k; c=$want; w=; set --; i=0',
  'while [ $i -lt $n ]; do',
  '  t=${r%"${r#?}"}; r=${r#?}; x=${c%"${c#?}"}; c=${c#?}; y=0',
  '  if [ $t != a ]; then',
  '    z=${l%%"$nl"*}; l=${l#*"$nl"}',
  '    if [ $t = f ] && [ "$x" = 1 ] && [ "${z##*|}" -le "$lim" ]; then y=1; eval "set -- \\"\\$@\\" \\"\\$p$i\\""; fi',
  '  fi',
  '  w=$w$y; i=$((i + 1))',
  'done',
  `printf '%s\\n' "$w"`,
  // A file that cannot be read shows as a short or mismatched part: the controller checks every part's sha256.
  '[ $# -eq 0 ] || cat -- "$@" | base64 -w0',
  'echo',
].join('\n')

const bad = (what: string, detail: string): FactOutput => ({stdout: `unreadable: ${what}: ${detail}`, exitCode: 1})

/** The file fact's group: every file fact of a host in one command (batch.ts). */
export function fileGroup(limit: number): FactGroup & {member(args: {path: string; content?: boolean}): FileMember} {
  return {
    id: 'file',
    member: ({path, content}) => ({path, content: content === true}),
    command: (members) => {
      const m = members as FileMember[]
      return sudo(shell(SCRIPT, String(limit), m.map((x) => (x.content ? '1' : '0')).join(''), ...m.map((x) => x.path)))
    },
    split: (stdout, exitCode, members) => splitGroup(stdout, exitCode, members as FileMember[]),
  }
}

/** Each member's output exactly as the single file fact prints it (file.ts), so its parser and re-check read it unchanged. */
function splitGroup(stdout: string, exitCode: number, members: readonly FileMember[]): FactOutput[] {
  const lines = stdout.split('\n')
  const kinds = lines[0] ?? ''
  const failed = (detail: string): FactOutput[] => members.map((m) => bad(m.path, detail))
  if (exitCode !== 0 || kinds.length !== members.length || /[^afo]/.test(kinds)) {
    if (exitCode !== 0) return failed(`the file fact script exited ${exitCode}`)
    throw factOutputUnexpected(`file (${members.length} paths)`, JSON.stringify(kinds))
  }
  const existing = [...kinds].filter((k) => k !== 'a').length
  const regular = [...kinds].filter((k) => k === 'f').length
  const stats = lines.slice(1, 1 + existing)
  const sums = lines.slice(1 + existing, 1 + existing + regular).map((l) => (l.startsWith('\\') ? l.slice(1) : l).slice(0, 64))
  const wanted = lines[1 + existing + regular] ?? ''
  const content = Buffer.from(lines[2 + existing + regular] ?? '', 'base64')
  if (stats.length !== existing || sums.length !== regular || wanted.length !== members.length) {
    throw factOutputUnexpected(`file (${members.length} paths)`, JSON.stringify(stdout.slice(0, 200)))
  }
  let st = 0
  let sum = 0
  let at = 0
  return members.map((m, i) => {
    const kind = kinds[i]
    if (kind === 'a') return {stdout: 'absent\n', exitCode: 0}
    const stat = stats[st++] as string
    let out = `${stat}\n`
    if (kind !== 'f') return {stdout: out, exitCode: 0}
    const sha = sums[sum++] as string
    out += `${sha}\n`
    if (wanted[i] !== '1') return {stdout: out, exitCode: 0}
    const size = Number(stat.slice(stat.lastIndexOf('|') + 1))
    const part = content.subarray(at, at + size)
    at += size
    // Changed or unreadable between its stat, its sum and its read: what came back is not the file that was summed.
    if (part.length !== size || createHash('sha256').update(part).digest('hex') !== sha) return bad(m.path, 'it changed while it was read')
    return {stdout: `${out}content\n${part.toString('base64')}\n`, exitCode: 0}
  })
}
