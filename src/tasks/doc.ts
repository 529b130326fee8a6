import type {Field} from './args/schema.js'
import {TASK_TYPES} from './registry.js'

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
const shown = (v: unknown): string => (v === undefined ? '' : `\`${JSON.stringify(v)}\``)

/** The task type reference of docs/playbooks.md, from each type's argument schema (what validates is what is documented). */
export function renderTaskReference(): string[] {
  return Object.entries(TASK_TYPES).flatMap(([type, def]) => {
    const doc = (def.args as Field<unknown>).doc
    const fields = Object.entries(doc?.fields ?? {})
    return [
      `### \`${type}\``,
      '',
      def.summary,
      '',
      '| argument | required | value | default | how to write it |',
      '| --- | --- | --- | --- | --- |',
      ...fields.map(
        ([name, f]) =>
          `| \`${name}\` | ${f.optional ? 'no' : 'yes'} | ${cell(f.doc?.type ?? 'value')} | ${cell(shown(f.doc?.default))} | ${cell(f.doc?.hint ?? '')} |`,
      ),
      ...(doc?.rules?.length ? ['', `Rules: ${doc.rules.join('; ')}.`] : []),
      '',
    ]
  })
}
