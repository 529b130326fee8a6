/**
 * Waits until `check` returns a truthy value and returns it, checking every `intervalMs`. The bound is generous
 * (default 60 s) because it only matters when the condition never comes: on a loaded machine a condition that
 * takes 50 ms when idle can take seconds, and a test must not fail for that.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  opts: {timeoutMs?: number; intervalMs?: number} = {},
): Promise<NonNullable<T>> {
  const timeoutMs = opts.timeoutMs ?? 60_000
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > end) throw new Error(`gave up waiting for ${what} after ${Math.round(timeoutMs / 1000)} s`)
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100))
  }
}
