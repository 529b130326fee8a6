import {fileFact} from '../../facts/file.js'
import {absPath, text} from '../args/fields.js'
import {object} from '../args/schema.js'
import {defineTask} from '../define.js'
import {planFileWrite} from '../file-write.js'
import {attributeFields, targetOf} from './file-fields.js'

/** A file with inline content (text or a secret), written atomically. */
export const fileTask = defineTask({
  type: 'file',
  summary: 'Writes a file with inline content (text or a `!secret`), atomically; a diff is shown when it changes.',
  args: object({path: absPath(), content: text(), ...attributeFields}),
  facts: (a) => ({file: fileFact({path: a.path, content: true})}),
  plan: (a, {file}, ctx) => planFileWrite(targetOf(a.path, a), a.content, file, ctx.token),
})
