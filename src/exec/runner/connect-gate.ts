import {performance} from 'node:perf_hooks'
import {SshError, sshErrors} from '../../errors/ssh-errors.js'
import {DEFAULT_READY_TIMEOUT_MS, errorContext} from '../ssh/connect.js'
import type {RemoteShell, SshTarget} from '../ssh/types.js'

/** Handshakes in flight at once by default: enough to fill the network, few enough that none waits on the CPU. */
export const DEFAULT_CONNECT_CONCURRENCY = 32
/** Handshakes start at most this often (one per 2 ms), so a burst of hosts does not land on one event-loop turn. */
const START_GAP_MS = 2
/** A handshake that timed out while kotadc was overloaded is tried this many times more. */
const BUSY_RETRIES = 2
const TICK_MS = 50

export interface ConnectGateOptions {
  /** Handshakes in flight at once (default DEFAULT_CONNECT_CONCURRENCY). */
  concurrency?: number
  /** Overrides every target's handshake timeout (--connect-timeout). */
  timeoutMs?: number
}

interface Watch {
  max: number
  total: number
}

/**
 * How late this thread's timers fire while a handshake waits. A timer due every 50 ms that fires 40 ms late means the
 * thread was busy for those 40 ms: time in which no handshake could progress, whatever the network did.
 */
function lagMeter(): {watch(): {read(): Watch; stop(): void}} {
  const watches = new Set<Watch>()
  let timer: NodeJS.Timeout | undefined
  let last = 0
  const tick = (): void => {
    const now = performance.now()
    const lag = Math.max(0, now - last - TICK_MS)
    last = now
    for (const w of watches) {
      w.max = Math.max(w.max, lag)
      w.total += lag
    }
  }
  return {
    watch() {
      const w: Watch = {max: 0, total: 0}
      if (watches.size === 0) {
        last = performance.now()
        timer = setInterval(tick, TICK_MS)
        timer.unref()
      }
      watches.add(w)
      return {
        // The stretch since the last tick counts too: a stall that ends in the timeout itself shows there.
        read: () => ({max: Math.max(w.max, performance.now() - last - TICK_MS), total: w.total + Math.max(0, performance.now() - last - TICK_MS)}),
        stop: () => {
          watches.delete(w)
          if (watches.size === 0) clearInterval(timer)
        },
      }
    },
  }
}

/** A handshake timed out because kotadc's thread was busy for a quarter of the timeout, or stalled a whole second. */
const wasBusy = (lag: Watch, timeoutMs: number): boolean => lag.total >= timeoutMs / 4 || lag.max >= 1000

/**
 * Wraps connect so that at most `concurrency` handshakes are in flight and they start at a bounded rate. A handshake
 * that timed out while this thread was overloaded is retried (the host was never given a fair chance); if it still
 * fails, the error says the controller was overloaded, not the network.
 */
export function gateConnect(
  connect: (target: SshTarget) => Promise<RemoteShell>,
  opts: ConnectGateOptions = {},
): (target: SshTarget) => Promise<RemoteShell> {
  const limit = Math.max(1, opts.concurrency ?? DEFAULT_CONNECT_CONCURRENCY)
  const meter = lagMeter()
  const waiting: (() => void)[] = []
  let active = 0
  let nextStart = 0
  const acquire = async (): Promise<void> => {
    if (active < limit) active++
    else await new Promise<void>((resolve) => waiting.push(resolve))
    const now = performance.now()
    const at = Math.max(now, nextStart)
    nextStart = at + START_GAP_MS
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now))
  }
  // A freed slot passes straight to the next waiter, so `active` never dips below what is in flight.
  const release = (): void => {
    const next = waiting.shift()
    if (next) next()
    else active--
  }
  return async (given) => {
    const target = opts.timeoutMs ? {...given, readyTimeoutMs: opts.timeoutMs} : given
    const timeoutMs = target.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS
    for (let attempt = 0; ; attempt++) {
      await acquire()
      const w = meter.watch()
      try {
        return await connect(target)
      } catch (e) {
        if (!(e instanceof SshError) || e.code !== 'SSH_CONNECT_TIMEOUT') throw e
        const lag = w.read()
        if (!wasBusy(lag, timeoutMs)) throw e
        if (attempt < BUSY_RETRIES) continue
        throw sshErrors.connectTimeout(errorContext(target), timeoutMs, {lagMs: Math.round(lag.max), concurrency: limit})
      } finally {
        w.stop()
        release()
      }
    }
  }
}
