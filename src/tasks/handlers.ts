/** What the runner knows about a finished task: whether it changed something, and whom it notifies. */
export interface TaskOutcome {
  readonly changed: boolean
  readonly notify?: readonly string[]
}

/**
 * Handlers to run once, at the end: those notified by at least one task that changed something,
 * in the order the handlers are declared (not the order of notification).
 */
export function collectHandlers<H extends {readonly name: string}>(outcomes: readonly TaskOutcome[], handlers: readonly H[]): H[] {
  const wanted = new Set(outcomes.filter((o) => o.changed).flatMap((o) => o.notify ?? []))
  return handlers.filter((h) => wanted.has(h.name))
}

/** Notified names that no handler declares (the playbook loader reports them with file:line). */
export function unknownHandlers(notify: readonly string[], handlers: readonly {readonly name: string}[]): string[] {
  const known = new Set(handlers.map((h) => h.name))
  return [...new Set(notify.filter((n) => !known.has(n)))]
}
