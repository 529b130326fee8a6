import type {ScalarTag} from 'yaml'
import {Secret} from '../inventory/secret.js'

/** `!secret NAME` in a playbook: a reference the loader swaps for the Secret from the store. */
export class SecretRef {
  constructor(readonly name: string) {}

  toJSON(): string {
    return `!secret ${this.name}`
  }
}

export const secretTag: ScalarTag = {
  tag: '!secret',
  identify: (v) => v instanceof SecretRef,
  resolve: (s) => new SecretRef(s.trim()),
}

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype

/**
 * Replaces every SecretRef in a parsed value by the Secret `lookup` returns; `missing` hears about the others
 * (with their key path) and they stay SecretRef, which no task argument accepts.
 */
export function resolveSecretRefs(
  value: unknown,
  lookup: (name: string) => Secret | undefined,
  missing: (name: string, path: (string | number)[]) => void,
  path: (string | number)[] = [],
): unknown {
  if (value instanceof SecretRef) {
    const s = lookup(value.name)
    if (s === undefined) missing(value.name, path)
    return s ?? value
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveSecretRefs(v, lookup, missing, [...path, i]))
  if (isPlain(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSecretRefs(v, lookup, missing, [...path, k])]))
  return value
}

/** Every Secret inside a value (vars, task arguments), so the runner can mask their text in any output. */
export function collectSecrets(value: unknown, out: Secret[] = []): Secret[] {
  if (value instanceof Secret) out.push(value)
  else if (Array.isArray(value)) value.forEach((v) => collectSecrets(v, out))
  else if (isPlain(value)) Object.values(value).forEach((v) => collectSecrets(v, out))
  return out
}
