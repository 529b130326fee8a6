import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

/**
 * Runs fn with a private (0700) temp dir holding the given files (each 0600), removed afterwards whatever happens.
 * Only public inputs go here (CSR, CA certificate, extensions): the CA key goes on stdin (pki/openssl.ts keyOnStdin),
 * so a kill between writing and removing leaves nothing secret behind.
 */
export async function withPrivateFiles<T>(files: Record<string, string>, fn: (paths: Record<string, string>) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kotadc-pki-'))
  try {
    const paths = Object.fromEntries(Object.keys(files).map((name) => [name, path.join(dir, name)]))
    await Promise.all(Object.entries(files).map(([name, text]) => writeFile(path.join(dir, name), text, {mode: 0o600})))
    return await fn(paths)
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}
