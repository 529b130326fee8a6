import {constants} from 'node:os'

/** Runs when the process is told to stop; gets the signal's name. */
export type InterruptCleanup = (signal: NodeJS.Signals) => Promise<void> | void

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
/** A cleanup that hangs (a database that stopped answering) must not keep a stopped process alive. */
const CLEANUP_LIMIT_MS = 20_000

const cleanups: InterruptCleanup[] = []
let stopping = false

const exitCode = (signal: NodeJS.Signals): number => 128 + (constants.signals[signal] ?? 0)

const bounded = (p: Promise<void> | void): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, CLEANUP_LIMIT_MS)
    Promise.resolve(p)
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(t)
        resolve()
      })
  })

function onSignal(signal: NodeJS.Signals): void {
  // A second signal while cleaning up means "now": exit at once (a lock file left behind is then reported as stale).
  if (stopping) process.exit(exitCode(signal))
  stopping = true
  // Whoever read our output may be gone (a CI step or test harness that timed out closes the pipes, then signals):
  // a write error must not crash the process before the lock is released and the record written.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined)
  try {
    process.stderr.write(`kotadc: ${signal} received: recording what happened and releasing the site lock before exiting\n`)
  } catch {
    // Same reason: the notice is best effort, the cleanup is not.
  }
  void (async () => {
    // Last registered first: the audit record (registered under the lock) is written before the lock is given back.
    for (const fn of [...cleanups].reverse()) await bounded(fn(signal))
    process.exit(exitCode(signal))
  })()
}

/**
 * Registers work that must happen if SIGINT, SIGTERM or SIGHUP stops the process; returns the unregister function.
 * While nothing is registered, signals keep node's default (the process just ends): nothing is held then.
 */
export function onInterrupt(fn: InterruptCleanup): () => void {
  cleanups.push(fn)
  if (cleanups.length === 1) for (const s of SIGNALS) process.on(s, onSignal)
  return () => {
    const i = cleanups.indexOf(fn)
    if (i >= 0) cleanups.splice(i, 1)
    if (cleanups.length === 0 && !stopping) for (const s of SIGNALS) process.off(s, onSignal)
  }
}
