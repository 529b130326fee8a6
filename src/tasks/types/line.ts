import {FILE_CONTENT_LIMIT, fileFact} from '../../facts/file.js'
import {Secret} from '../../inventory/secret.js'
import {absPath, oneOf, text} from '../args/fields.js'
import type {Field} from '../args/schema.js'
import {field, object, optional, withDefault} from '../args/schema.js'
import {noChange} from '../change.js'
import {defineTask} from '../define.js'
import {fileTooLargeToEdit, notARegularFile} from '../../errors/tasks.js'
import {planFileWrite} from '../file-write.js'
import {editLines} from '../line-edit.js'

export const regexp = (): Field<string> =>
  field<string>(
    (v) => {
      if (typeof v !== 'string' || v === '') return {error: 'expected a regular expression'}
      try {
        new RegExp(v)
        return {value: v}
      } catch (e) {
        return {error: `invalid regular expression: ${(e as Error).message}`}
      }
    },
    'write a JavaScript regular expression, e.g. ^PermitRootLogin',
    'regular expression',
  )

/** Ensure one line in a file (or replace the line a regexp matches); keeps the file's owner and mode. */
export const lineTask = defineTask({
  type: 'line',
  summary: "Ensures one line in a file, or replaces the line a regular expression matches; keeps the file's owner and mode.",
  args: object({
    path: absPath(),
    line: text(),
    regexp: optional(regexp()),
    state: withDefault(oneOf('present', 'absent'), 'present'),
    insertAfter: optional(regexp()),
  }),
  facts: (a) => ({file: fileFact({path: a.path, content: true})}),
  plan: (a, {file}, ctx) => {
    if (file.exists && file.type !== 'file') throw notARegularFile(a.path, file.type)
    if (file.exists && file.content === undefined) throw fileTooLargeToEdit(a.path, file.size, FILE_CONTENT_LIMIT)
    if (!file.exists && a.state === 'absent') return noChange(`${a.path} does not exist`)
    const line = a.line instanceof Secret ? a.line.reveal() : a.line
    const before = file.exists ? (file.content as Buffer).toString('utf8') : ''
    const after = editLines(before, {
      line,
      state: a.state,
      ...(a.regexp ? {regexp: a.regexp} : {}),
      ...(a.insertAfter ? {insertAfter: a.insertAfter} : {}),
    })
    if (file.exists && after === before) return noChange(`${a.path} already has the line${a.state === 'absent' ? ' removed' : ''}`)
    return planFileWrite({path: a.path}, a.line instanceof Secret ? new Secret(a.line.name, after) : after, file, ctx.token)
  },
})
