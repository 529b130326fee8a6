import type {SFTPWrapper} from 'ssh2'

const CHUNK = 32 * 1024

const call = <T>(fn: (cb: (err: Error | null | undefined, value: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))))

/**
 * Writes a whole file over SFTP. The mode is set on the open handle before any byte is written, so a secret
 * never sits in a file that is more readable than asked for, not even when the file already existed.
 */
export async function sftpWriteFile(sftp: SFTPWrapper, path: string, data: Buffer, mode: number | undefined): Promise<void> {
  const handle = await call<Buffer>((cb) => (mode === undefined ? sftp.open(path, 'w', cb) : sftp.open(path, 'w', {mode}, cb)))
  try {
    if (mode !== undefined) await call<void>((cb) => sftp.fchmod(handle, mode, cb))
    for (let pos = 0; pos < data.length; pos += CHUNK) {
      const len = Math.min(CHUNK, data.length - pos)
      await call<void>((cb) => sftp.write(handle, data, pos, len, pos, cb))
    }
  } finally {
    await call<void>((cb) => sftp.close(handle, cb)).catch(() => undefined)
  }
}
