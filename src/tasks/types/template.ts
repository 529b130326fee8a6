import {fileFact} from '../../facts/file.js'
import {absPath, relPath} from '../args/fields.js'
import type {Field} from '../args/schema.js'
import {field, object, optional} from '../args/schema.js'
import {defineTask} from '../define.js'
import {planFileWrite} from '../file-write.js'
import {renderTemplate} from '../template-render.js'
import {attributeFields, targetOf} from './file-fields.js'

const mapping: Field<Record<string, unknown>> = field<Record<string, unknown>>(
  (v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? {value: v as Record<string, unknown>} : {error: 'expected a mapping of variables'},
  'write vars as key: value pairs',
  'mapping of variables',
)

/**
 * templates/<src> rendered with liquidjs and written atomically. Scope: `host`, `site`, `workloads`, then the
 * playbook vars and the task's `vars` at top level (task vars win; a loop's `item` arrives among them).
 */
export const templateTask = defineTask({
  type: 'template',
  summary:
    "Renders a liquid template from `templates/` (scope: `host`, `site`, `workloads`, the playbook's vars, the task's `vars`, and `item` in a loop) and writes it atomically.",
  args: object({src: relPath('templates/'), dest: absPath(), vars: optional(mapping), ...attributeFields}),
  facts: (a) => ({file: fileFact({path: a.dest, content: true})}),
  plan: (a, {file}, ctx) => {
    const {host, site, playbook, workloads = []} = ctx.variables
    const content = renderTemplate(a.src, (n) => ctx.template(n), {...playbook, ...a.vars, host, site, workloads})
    return planFileWrite(targetOf(a.dest, a), content, file, ctx.token)
  },
})
