import {mode, principal, validateCommand} from '../args/fields.js'
import {optional} from '../args/schema.js'
import type {FileTarget} from '../file-write.js'

/** Attribute arguments shared by file, copy and template. */
export const attributeFields = {
  owner: optional(principal('user')),
  group: optional(principal('group')),
  mode: optional(mode()),
  validate: optional(validateCommand()),
}

export const targetOf = (path: string, a: {owner?: string; group?: string; mode?: string; validate?: string}): FileTarget => ({
  path,
  ...(a.owner === undefined ? {} : {owner: a.owner}),
  ...(a.group === undefined ? {} : {group: a.group}),
  ...(a.mode === undefined ? {} : {mode: a.mode}),
  ...(a.validate === undefined ? {} : {validate: a.validate}),
})
