import {constants} from 'node:fs'
import {open} from 'node:fs/promises'
import {reportErrors} from '../../errors/report.js'
import {checkSnapshot} from '../../report/snapshot-check.js'
import {STATUS_VERSION, type StatusSnapshot} from '../../status/model.js'

/** A snapshot of 1,000 agencies is a few MiB; a file far larger is not one, and is not read into memory. */
export const MAX_SNAPSHOT_BYTES = 64 * 2 ** 20

async function readSnapshotText(file: string): Promise<string> {
  let handle
  try {
    // O_NONBLOCK: a FIFO under that name must not hang the command before it can be refused as not a regular file.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw reportErrors.snapshotUnreadable(file, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? e))
  }
  try {
    const st = await handle.stat()
    if (!st.isFile()) throw reportErrors.snapshotUnreadable(file, 'not a regular file')
    if (st.size > MAX_SNAPSHOT_BYTES)
      throw reportErrors.snapshotUnreadable(file, `${st.size} bytes, more than a status snapshot can be (${MAX_SNAPSHOT_BYTES})`)
    return await handle.readFile('utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw reportErrors.snapshotUnreadable(file, 'a directory, not a file')
    throw e
  } finally {
    await handle.close()
  }
}

/** `--from -`: the snapshot piped in (`kotadc status --json | kotadc report --from - ...`), never a terminal to wait on. */
async function readPipedText(stdin: NodeJS.ReadStream | NodeJS.ReadableStream): Promise<string> {
  if ('isTTY' in stdin && stdin.isTTY)
    throw reportErrors.snapshotUnreadable('-', 'stdin is a terminal; pipe a snapshot in, e.g. kotadc status --json | kotadc report --from - ...')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))
    size += b.length
    if (size > MAX_SNAPSHOT_BYTES)
      throw reportErrors.snapshotUnreadable('-', `more than a status snapshot can be (${MAX_SNAPSHOT_BYTES} bytes) on stdin`)
    chunks.push(b)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const parseError = (text: string): string | undefined => {
  try {
    JSON.parse(text)
    return undefined
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
}

/**
 * Line and column (1-based) of the first JSON error. V8 gives a position for most errors but not for an unexpected
 * token, so this finds the shortest prefix whose error lies inside it rather than at its end (a prefix of valid
 * JSON only ever fails at its end): a binary search, about 26 parses for the largest file read.
 */
function jsonErrorAt(text: string): {line: number; col: number} {
  const failsInside = (length: number): boolean => {
    const message = parseError(text.slice(0, length))
    if (message === undefined || message.includes('end of JSON input')) return false
    const pos = /position (\d+)/.exec(message)
    return pos === null || Number(pos[1]) < length
  }
  let [lo, hi] = [0, text.length]
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (failsInside(mid)) hi = mid
    else lo = mid + 1
  }
  const before = text.slice(0, Math.max(0, lo - 1)).split('\n')
  return {line: before.length, col: (before.at(-1)?.length ?? 0) + 1}
}

/** Reads and checks a saved `kotadc status --json` (`-`: from stdin); every way it can be wrong is a REPORT_SNAPSHOT_* error, never a stack trace. */
export async function readSnapshotFile(file: string, stdin: NodeJS.ReadStream | NodeJS.ReadableStream = process.stdin): Promise<StatusSnapshot> {
  const text = file === '-' ? await readPipedText(stdin) : await readSnapshotText(file)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    if (text.trim() === '') throw reportErrors.snapshotNotJson(file, 'the file is empty')
    throw reportErrors.snapshotNotJson(file, (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' '), {file, ...jsonErrorAt(text)})
  }
  const verdict = checkSnapshot(value)
  if (verdict.ok) return verdict.snapshot
  if (verdict.reason === 'failed-run') throw reportErrors.snapshotFailedRun(file, verdict.error.code, verdict.error.message)
  if (verdict.reason === 'version') throw reportErrors.snapshotVersion(file, verdict.version, STATUS_VERSION)
  throw reportErrors.snapshotInvalid(file, verdict.issues)
}
