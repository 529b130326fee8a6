import {Secret} from '../inventory/secret.js'
import type {Cmd} from './cmd.js'
import {displayCmd} from './cmd.js'

/** Bytes of a file to upload; a Secret when any part of it came from a secret. */
export type FileContent = string | Buffer | Secret

/** Run a command on the host. A non-zero exit fails the task. */
export interface RunStep {
  readonly kind: 'run'
  readonly cmd: Cmd
}

/**
 * Upload bytes (SFTP, as the login user) to `path`, created with `mode`. The runner does the put first,
 * then the following run steps; puts only ever target the login user's staging path in /tmp.
 */
export interface PutStep {
  readonly kind: 'put'
  readonly path: string
  readonly content: FileContent
  readonly mode: string
  /**
   * Set when this upload begins an atomic write (atomic-write.ts) whose next step finishes it from the staging file.
   * An executor logged in as root may write `temp` itself instead and skip that step: same result, no staging copy.
   */
  readonly atomic?: AtomicTarget
}

/** How an executor logged in as root finishes an atomic write itself (atomic-write.ts builds it). */
export interface AtomicTarget {
  /** The temp file next to the target, which the executor writes the content into. */
  readonly temp: string
  /** The umask that creates `temp` with its final permission bits (four octal digits). */
  readonly umask: string
  /** Run once `temp` holds the content: owner and mode where the umask cannot give them, the validator, the rename. */
  readonly finish: Cmd
}

export type Step = RunStep | PutStep

export const run = (c: Cmd): RunStep => ({kind: 'run', cmd: c})
export const put = (path: string, content: FileContent, mode: string): PutStep => ({kind: 'put', path, content, mode})

/** One line per step for plans and logs; secrets masked, file content never shown. */
export const displayStep = (s: Step): string =>
  s.kind === 'run' ? displayCmd(s.cmd) : `put ${s.path} mode ${s.mode}${s.content instanceof Secret ? ' (secret content)' : ''}`

/** The bytes the runner uploads for a put step, secrets revealed. */
export const revealContent = (c: FileContent): Buffer => (Buffer.isBuffer(c) ? c : Buffer.from(c instanceof Secret ? c.reveal() : c, 'utf8'))
