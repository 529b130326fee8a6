import {createHash} from 'node:crypto'

/** "SHA256:<base64 without padding>" of a host key blob, the form `ssh-keygen -l` prints. */
export function sshFingerprint(hostKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(hostKeyBlob).digest('base64').replace(/=+$/, '')}`
}

/** Pins are compared in ssh-keygen's form; people paste them with or without base64 padding. */
export const normalizeFingerprint = (fp: string): string => {
  const trimmed = fp.trim()
  const m = /^sha256:(.*)$/i.exec(trimmed)
  return m ? `SHA256:${m[1]!.replace(/=+$/, '')}` : trimmed
}
