import {SshError} from '../../errors/ssh-errors.js'
import type {RemoteShell, SshTarget} from '../../exec/ssh/types.js'

/**
 * The SSH connections of one site run (deploy, plan, drift), shared by its phases and their live-state reads: a
 * no-change deploy of 8 hosts logged in 49 times, once per phase and read, each login a key exchange on both ends.
 * A phase that changed a host gives its connection up (`afterPhase`), so the next phase proves a fresh login still
 * works after a change to sshd or the firewall, as a connection per phase did.
 */
export interface SiteShells {
  /** The host's shared connection, dialled on first use. Its close() only hands it back; a lost one is dialled again. */
  connect(target: SshTarget): Promise<RemoteShell>
  /** Closes the connections of these hosts: the next use logs in afresh. */
  drop(hosts: Iterable<string>): Promise<void>
  /** Closes every connection; safe to call twice, and the shells can be used again afterwards. */
  closeAll(): Promise<void>
}

const isLost = (e: unknown): boolean => e instanceof SshError && e.code === 'SSH_CONNECTION_LOST'

export function siteShells(dial: (target: SshTarget) => Promise<RemoteShell>): SiteShells {
  const open = new Map<string, Promise<RemoteShell>>()
  const forget = (host: string, p: Promise<RemoteShell>): boolean => open.get(host) === p && open.delete(host)
  const closeOf = (p: Promise<RemoteShell>): Promise<void> =>
    p.then(
      (s) => s.close(),
      () => undefined,
    )
  const lease = (host: string, p: Promise<RemoteShell>, shell: RemoteShell): RemoteShell => {
    // A connection that died is not handed out again: the runner's reconnect (close, then connect) then dials anew.
    const watch = <T>(op: Promise<T>): Promise<T> =>
      op.catch((e: unknown) => {
        if (isLost(e) && forget(host, p)) void closeOf(p)
        throw e
      })
    return {
      host: shell.host,
      run: (script, opts) => watch(shell.run(script, opts)),
      put: (path, content, opts) => watch(shell.put(path, content, opts)),
      close: async () => undefined,
    }
  }
  const connect = (target: SshTarget): Promise<RemoteShell> => {
    let p = open.get(target.host)
    if (!p) {
      const dialled = dial(target)
      // A failed login is not kept: the next phase tries again, as it did with a connection of its own.
      void dialled.catch(() => forget(target.host, dialled))
      open.set(target.host, dialled)
      p = dialled
    }
    const held = p
    return held.then((s) => lease(target.host, held, s))
  }
  const drop = async (hosts: Iterable<string>): Promise<void> => {
    const closing: Promise<void>[] = []
    for (const h of hosts) {
      const p = open.get(h)
      if (p && forget(h, p)) closing.push(closeOf(p))
    }
    await Promise.all(closing)
  }
  return {connect, drop, closeAll: () => drop([...open.keys()])}
}

/** The hosts a phase changed (or failed on): the next phase logs in to them afresh. Hosts left as they were keep theirs. */
export const hostsToDialAgain = (phase: {hosts?: readonly {host: string; status: string}[]}): string[] =>
  (phase.hosts ?? []).filter((h) => h.status !== 'ok').map((h) => h.host)
