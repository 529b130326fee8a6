import {readFile} from 'node:fs/promises'
import {homedir} from 'node:os'
import {join} from 'node:path'
import ssh2 from 'ssh2'
import type {SshErrorContext} from '../../errors/ssh-errors.js'
import {sshErrors} from '../../errors/ssh-errors.js'

export type SshAuth = {kind: 'key'; privateKey: Buffer; method: string} | {kind: 'agent'; agent: string; method: string}

export const expandHome = (path: string, home: string = homedir()): string =>
  path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path

const readReason = (err: unknown): string => {
  const code = (err as {code?: string}).code
  if (code === 'ENOENT') return 'the file does not exist'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'it is a directory'
  return (err as Error).message
}

/**
 * Picks the credentials for a target: its identity file when one is set (checked here, so a bad key is a
 * UserError before any network traffic), else the agent at SSH_AUTH_SOCK.
 */
export async function resolveAuth(identityFile: string | undefined, ctx: SshErrorContext, agentSocket: string | undefined): Promise<SshAuth> {
  if (identityFile === undefined || identityFile === '') {
    if (agentSocket) return {kind: 'agent', agent: agentSocket, method: 'ssh-agent'}
    throw sshErrors.noCredentials(ctx)
  }
  const file = expandHome(identityFile)
  let privateKey: Buffer
  try {
    privateKey = await readFile(file)
  } catch (err) {
    throw sshErrors.keyUnreadable(ctx, file, readReason(err), err)
  }
  const parsed = ssh2.utils.parseKey(privateKey)
  if (parsed instanceof Error) {
    const encrypted = /encrypted|passphrase/i.test(parsed.message)
    throw sshErrors.keyUnreadable(
      ctx,
      file,
      encrypted ? 'it is encrypted with a passphrase; kotadc does not prompt' : `it is not a private key (${parsed.message})`,
      parsed,
    )
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed
  if (!key || key.getPrivatePEM() === null) throw sshErrors.keyUnreadable(ctx, file, 'it holds a public key, not a private key')
  return {kind: 'key', privateKey, method: `key ${file}`}
}

/** The one-line public key of the identity kotadc logs in with, for a new VM's authorized_keys. */
export async function loginPublicKey(auth: SshAuth): Promise<string | undefined> {
  if (auth.kind !== 'key') return undefined
  const parsed = ssh2.utils.parseKey(auth.privateKey)
  const key = parsed instanceof Error ? undefined : Array.isArray(parsed) ? parsed[0] : parsed
  return key ? `${key.type} ${key.getPublicSSH().toString('base64')} kotadc` : undefined
}
