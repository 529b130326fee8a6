import {cmd, or, shell, sudo} from '../tasks/cmd.js'
import {defineFact} from './define.js'
import {fileGroup} from './file-group.js'
import {factOutputUnexpected} from '../errors/facts.js'

/** Largest file whose content the file fact returns (base64) so tasks can diff and edit it. */
export const FILE_CONTENT_LIMIT = 256 * 1024

export type FileType = 'file' | 'directory' | 'symlink' | 'other'

export type FileInfo =
  | {exists: false}
  | {
      exists: true
      type: FileType
      /** Four octal digits, e.g. `0644`. */
      mode: string
      owner: string
      group: string
      size: number
      /** Regular files only. */
      sha256?: string
      /** Regular files up to the content limit, when content was asked for. */
      content?: Buffer
    }

export interface FileFactArgs {
  path: string
  /** Also return the content of regular files up to FILE_CONTENT_LIMIT bytes. */
  content?: boolean
}

// stat without -L: a symlink is reported as itself, never followed. sha256sum reads stdin so odd names do not
// change its output format. Every process counts on a busy host: the size comes from the one stat, and the hash is
// cut from sha256sum's line by the shell, not by another program.
const SCRIPT = [
  'p="$1"',
  `if [ ! -e "$p" ] && [ ! -L "$p" ]; then echo absent; exit 0; fi`,
  `s=$(stat -c '%F|%a|%U|%G|%s' -- "$p") || exit 1`,
  'echo "$s"',
  `if [ -f "$p" ] && [ ! -L "$p" ]; then`,
  '  h=$(sha256sum < "$p") && echo "${h%% *}"',
  '  if [ "$2" -gt 0 ] && [ "${s##*|}" -le "$2" ]; then echo content; base64 -w0 < "$p"; echo; fi',
  'fi',
].join('\n')

const TYPES: Record<string, FileType> = {'regular file': 'file', 'regular empty file': 'file', directory: 'directory', 'symbolic link': 'symlink'}

export const normalizeMode = (octal: string): string => octal.padStart(4, '0')

/** Parse the file fact's output. */
export function parseFileInfo(stdout: string, exitCode: number, path: string): FileInfo {
  const lines = stdout.split('\n')
  if (exitCode === 0 && lines[0] === 'absent') return {exists: false}
  const statLine = lines[0] ?? ''
  const fields = statLine.split('|')
  if (exitCode !== 0 || fields.length !== 5) throw factOutputUnexpected(`file ${path}`, JSON.stringify(statLine))
  const [kind = '', mode = '', owner = '', group = '', size = ''] = fields
  const info: FileInfo = {exists: true, type: TYPES[kind] ?? 'other', mode: normalizeMode(mode), owner, group, size: Number(size)}
  if (lines[1]) info.sha256 = lines[1]
  if (lines[2] === 'content') info.content = Buffer.from(lines[3] ?? '', 'base64')
  return info
}

const fileCommand = (path: string, content: boolean | undefined) => sudo(shell(SCRIPT, path, content ? String(FILE_CONTENT_LIMIT) : '0'))

/** Existence, type, owner, group, mode, sha256 and (optionally) content of a path. Runs as root. */
export const fileFact = defineFact<FileFactArgs, FileInfo>({
  name: 'file',
  command: ({path, content}) => fileCommand(path, content),
  group: fileGroup(FILE_CONTENT_LIMIT),
  parse: (stdout, exitCode, {path}) => parseFileInfo(stdout, exitCode, path),
  // The sha256 line already stands for the content: re-checking never ships the content back into the apply script.
  recheck: ({path}) => ({
    command: fileCommand(path, false),
    expected: (stdout, exitCode) => {
      const at = stdout.indexOf('\ncontent\n')
      return `${at < 0 ? stdout : stdout.slice(0, at + 1)} ${exitCode}`
    },
    // Most first runs create their files: "still absent" is two shell built-ins, not a script, stat and sha256sum.
    test: (stdout, exitCode) =>
      stdout === 'absent\n' && exitCode === 0 ? {cmd: sudo(or(cmd('test', '-e', path), cmd('test', '-L', path))), succeeds: false} : undefined,
  }),
})

/** Existence, type, owner, group and mode of a path, without content (same request as fileFact without content). */
export const directoryFact = ({path}: {path: string}) => fileFact({path, content: false})
