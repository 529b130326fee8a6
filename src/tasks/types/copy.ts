import {fileFact} from '../../facts/file.js'
import {absPath, relPath} from '../args/fields.js'
import {object} from '../args/schema.js'
import {defineTask} from '../define.js'
import {copySourceNotFound} from '../../errors/tasks.js'
import {planFileWrite} from '../file-write.js'
import {attributeFields, targetOf} from './file-fields.js'

/** A file under templates/ (the repository's, then kotadc's built-in) copied byte for byte to the host. */
export const copyTask = defineTask({
  type: 'copy',
  summary: 'Copies a file from `templates/` byte for byte to the host, written atomically (temp file, then rename).',
  args: object({src: relPath('templates/'), dest: absPath(), ...attributeFields}),
  facts: (a) => ({file: fileFact({path: a.dest, content: true})}),
  plan: (a, {file}, ctx) => {
    const content = ctx.repoFile(a.src)
    if (content === undefined) throw copySourceNotFound(a.src)
    return planFileWrite(targetOf(a.dest, a), content, file, ctx.token)
  },
})
