import {Document, isMap, isScalar, isSeq, parseDocument, type Node, type YAMLSeq} from 'yaml'
import type {Contact} from '../inventory/model.js'

/**
 * Edits of an agency file that leave every other byte as it was: the Document API finds where the workloads list
 * and its entries are, and the change is spliced into the text there. Re-printing the whole document would lose the
 * aligned comments and blank lines a person wrote.
 */

export interface NewAgency {
  code: string
  name: string
  contact?: Contact
}

/** The text of a new agencies/CODE.yaml, in the example's layout. */
export function newAgencyText(a: NewAgency): string {
  const doc = new Document({agency: {code: a.code, name: a.name, ...(a.contact ? {contact: a.contact} : {})}, workloads: []})
  const contact = doc.getIn(['agency', 'contact'], true)
  if (isMap(contact)) contact.flow = true
  return `# yaml-language-server: $schema=../../.kotadc/schema/agency.json\n${doc.toString({lineWidth: 0, flowCollectionPadding: true})}`
}

const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1

/** Indentation of the `- ` of a block list entry whose content starts at `offset`. */
function dashIndent(text: string, offset: number): string {
  const start = lineStart(text, offset)
  const dash = text.lastIndexOf('-', offset - 1)
  return dash >= start ? text.slice(start, dash) : '  '
}

const indent = (block: string, by: string): string =>
  block
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n')

function workloadsOf(text: string): {doc: Document; seq: YAMLSeq | undefined; value: Node | undefined} {
  const doc = parseDocument(text, {prettyErrors: false})
  const value = doc.get('workloads', true) as Node | undefined
  return {doc, value, seq: isSeq(value) ? value : undefined}
}

/**
 * Appends workload entries (block list text from renderTemplate) after the last entry of `workloads:`, indented
 * like the entries already there; creates the list when the file has none (or an empty `[]`).
 */
export function appendWorkloadsText(text: string, entries: string): string {
  const {seq, value} = workloadsOf(text)
  const last = seq?.items.at(-1) as Node | undefined
  if (seq && !seq.flow && last?.range) {
    const at = last.range[2]
    const before = text.slice(0, at)
    const glue = before.endsWith('\n') ? '' : '\n'
    return before + glue + indent(entries, dashIndent(text, last.range[0])) + text.slice(at)
  }
  if (value?.range && (!seq || seq.items.length === 0)) {
    // `workloads: []` or `workloads:` with no value: the key stays where it is, its value becomes the block list.
    const start = value.range[0]
    const end = value.range[1]
    const rest = text.slice(end).replace(/^[ \t]*/, '')
    return `${text.slice(0, start).replace(/[ \t]*$/, '')}\n${indent(entries, '  ')}${rest.startsWith('\n') ? rest.slice(1) : rest}`
  }
  if (seq) throw new Error('a flow-style workloads list with entries cannot be extended in place')
  const glue = text === '' || text.endsWith('\n') ? '' : '\n'
  return `${text}${glue}workloads:\n${indent(entries, '  ')}`
}

/** Names of the workloads the file lists, in order. */
export function workloadNamesIn(text: string): string[] {
  const {seq} = workloadsOf(text)
  return (seq?.items ?? []).map((i) => (isMap(i) ? i.get('name') : undefined)).filter((n): n is string => typeof n === 'string')
}

/**
 * Removes the named entries (with the comment lines just above each, which belong to it) from `workloads:`; the list
 * becomes `workloads: []` when nothing is left. Returns the text unchanged when none of the names is there.
 */
export function removeWorkloadsText(text: string, names: readonly string[]): string {
  const {seq} = workloadsOf(text)
  if (!seq || seq.flow) return text
  const cuts: [number, number][] = []
  seq.items.forEach((item, i) => {
    const node = item as Node
    if (!isMap(node) || !names.includes(String(node.get('name'))) || !node.range) return
    const prev = seq.items[i - 1] as Node | undefined
    const from = prev?.range ? prev.range[2] : lineStart(text, node.range[0])
    cuts.push([from, node.range[2]])
  })
  let out = text
  for (const [from, to] of cuts.reverse()) out = out.slice(0, from) + out.slice(to)
  if (cuts.length === seq.items.length) {
    const again = workloadsOf(out)
    const key =
      again.doc.contents && isMap(again.doc.contents)
        ? again.doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'workloads')
        : undefined
    const keyEnd = isScalar(key?.key) ? key.key.range?.[1] : undefined
    if (keyEnd !== undefined) {
      const lineEnd = out.indexOf('\n', keyEnd)
      out = `${out.slice(0, keyEnd)}: []${lineEnd < 0 ? '\n' : out.slice(lineEnd)}`
    }
  }
  return out
}
