import ssh2 from 'ssh2'
import type {SFTPWrapper} from 'ssh2'

/** What each raw SFTP request did: "ok", or the server's refusal. */
export type Outcomes = Record<string, string>

// A request the server does not even offer (ssh2 throws before sending it) counts as refused.
const settle = (fn: (cb: (err?: Error | null) => void) => void): Promise<string> =>
  new Promise((resolve) => {
    try {
      fn((err) => resolve(err ? `refused: ${err.message}` : 'ok'))
    } catch (e) {
      resolve(`not offered: ${(e as Error).message}`)
    }
  })

/**
 * A stolen backup key used with a hand-written SFTP client: the requests restic never makes, aimed at a file the
 * source host wrote itself and the backup host has sealed. Every one must be refused by the backup host.
 */
export async function attackSealedFile(opts: {address: string; port: number; user: string; privateKey: string; file: string}): Promise<Outcomes> {
  const client = new ssh2.Client()
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve()).once('error', reject)
    // The host key is not what is under test here (the sftp CLI runs use the pinned known_hosts).
    client.connect({
      host: opts.address,
      port: opts.port,
      username: opts.user,
      privateKey: opts.privateKey,
      readyTimeout: 20_000,
      hostVerifier: () => true,
    })
  })
  try {
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, s) => (err ? reject(err) : resolve(s))))
    const out: Outcomes = {}
    out.openForWrite = await settle((cb) => sftp.open(opts.file, 'r+', (err, h) => (err ? cb(err) : sftp.close(h, () => cb()))))
    // restic 0.14 needs fsetstat on files it creates, so the filter allows it: on a sealed file it must still fail.
    out.fchmodThroughReadHandle = await settle((cb) =>
      sftp.open(opts.file, 'r', (err, h) => (err ? cb(err) : sftp.fchmod(h, 0o666, (e) => sftp.close(h, () => cb(e))))),
    )
    out.setstat = await settle((cb) => sftp.chmod(opts.file, 0o666, cb))
    out.unlink = await settle((cb) => sftp.unlink(opts.file, cb))
    out.rename = await settle((cb) => sftp.rename(opts.file, `${opts.file}.moved`, cb))
    out.posixRename = await settle((cb) => sftp.ext_openssh_rename(opts.file, `${opts.file}.moved`, cb))
    out.truncate = await settle((cb) => sftp.setstat(opts.file, {size: 0}, cb))
    return out
  } finally {
    client.end()
  }
}
