const UNIT_MS: Record<string, number> = {m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000}

/** `--since`: a duration back from `now` (30m, 12h, 7d, 4w) or an ISO date; undefined when it is neither. */
export function parseSince(value: string, now: Date): Date | undefined {
  const m = /^(\d+)\s*([mhdw])$/.exec(value.trim())
  if (m) return new Date(now.getTime() - Number(m[1]) * (UNIT_MS[m[2] ?? 'd'] ?? 0))
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim())) return undefined
  const t = Date.parse(value.trim())
  return Number.isNaN(t) ? undefined : new Date(t)
}
