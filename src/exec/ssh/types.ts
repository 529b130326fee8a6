import type {SourceLocation} from '../../errors/ops-error.js'
import type {NetworkFence} from '../../inventory/model.js'

/** How a remote command ended. `exitCode` is null when a signal ended it (then `signal` is e.g. "SIGKILL"). */
export interface CmdResult {
  exitCode: number | null
  signal: string | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** Written to the command's stdin, which is then closed; without it stdin is closed at once. */
  stdin?: string | Buffer
  /** The command is stopped and run() rejects with SSH_COMMAND_TIMEOUT after this long. */
  timeoutMs?: number
}

/** One live connection to one host. `script` is a complete POSIX sh command line, already quoted by the caller. */
export interface RemoteShell {
  readonly host: string
  /** Never rejects for a non-zero exit; rejects with SshError on transport failure or timeout. */
  run(script: string, opts?: RunOptions): Promise<CmdResult>
  /** SFTP write as the login user (no sudo); the caller moves the file into place. */
  put(path: string, content: Buffer | string, opts?: {mode?: number}): Promise<void>
  close(): Promise<void>
}

/** Everything needed to reach one host; built from the inventory by the service layer. */
export interface SshTarget {
  /** Inventory name, for messages. */
  host: string
  address: string
  port: number
  user: string
  /** Private key path (~ expanded); without it the agent at SSH_AUTH_SOCK is used. */
  identityFile?: string
  /** Pinned "SHA256:<base64 without padding>" fingerprint; wins over knownHostsFile. */
  hostKey?: string
  /** Consulted when hostKey is not pinned: entries for `[address]:port` (or `address` on port 22), hashed ones too. */
  knownHostsFile?: string
  /** Connect through this host (direct-tcpip), whose key is verified the same way. */
  jump?: SshTarget
  /** Inventory location of the host, for hints. */
  at?: SourceLocation
  /** Where the address was written (an overlay line, when the overlay set it). */
  addressAt?: SourceLocation
  /** The overlay's allowedNetworks; checked with KOTADC_ALLOWED_NETWORKS before any connection (exec/fence.ts). */
  fence?: NetworkFence
  /** Default 10000. */
  readyTimeoutMs?: number
  /** Default 5000. */
  keepaliveIntervalMs?: number
}
