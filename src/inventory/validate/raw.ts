import type {SourceLocation} from '../../errors/ops-error.js'
import type {KeyPath, LocateTarget} from '../locate.js'
import {child, type Ref} from './draft.js'

/**
 * The inventory between parsing and the typed model: plain values, possibly still wrong in places
 * (cross-checks are defensive), each entry remembering where it and its overlaid fields came from.
 */
export interface Entry {
  v: Record<string, unknown>
  ref: Ref
  /** Dotted field path → where an overlay replaced that value. */
  over: Map<string, Ref>
  /** Owning agency code (workloads only). */
  agency?: string
}

export interface RawInventory {
  site?: Entry
  terraform?: Entry
  networks: Entry[]
  policies: Entry[]
  images: Entry[]
  hosts: Entry[]
  agencies: Entry[]
  workloads: Entry[]
  /** The overlay's `allowedNetworks`, where it was declared. */
  fence?: {networks: string[]; ref: Ref}
}

/** Resolves a Ref to a position; passed into checks so their messages can say where the first occurrence is. */
export type Locator = (ref: Ref, target?: LocateTarget) => SourceLocation

export const where = (loc: SourceLocation): string => `${loc.file}:${loc.line}`

export const entry = (v: Record<string, unknown>, ref: Ref, agency?: string): Entry => (agency === undefined ? {v, ref, over: new Map()} : {v, ref, over: new Map(), agency})

/** Where a field of an entry lives: in the overlay when the overlay set it (or an enclosing value). */
export function fieldRef(e: Entry, ...segs: KeyPath): Ref {
  if (e.over.size) {
    for (let i = segs.length; i > 0; i--) {
      const o = e.over.get(segs.slice(0, i).join('.'))
      if (o) return child(o, ...segs.slice(i))
    }
  }
  return child(e.ref, ...segs)
}

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
export const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
export const obj = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {})

/** Entries indexed by their string `name` (first wins; duplicates are reported by the names check). */
export function byName(entries: readonly Entry[], key = 'name'): Map<string, Entry> {
  const m = new Map<string, Entry>()
  for (const e of entries) {
    const n = str(e.v[key])
    if (n !== undefined && !m.has(n)) m.set(n, e)
  }
  return m
}
