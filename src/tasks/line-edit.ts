export interface LineEdit {
  line: string
  regexp?: string
  state: 'present' | 'absent'
  insertAfter?: string
}

/**
 * Ensure a line (lineinfile semantics): with `regexp` the last matching line is replaced, else the line is
 * added after the last `insertAfter` match or at the end; `absent` drops matching (or equal) lines.
 */
export function editLines(content: string, edit: LineEdit): string {
  const trailing = content === '' || content.endsWith('\n')
  const lines = content === '' ? [] : (trailing ? content.slice(0, -1) : content).split('\n')
  const re = edit.regexp === undefined ? undefined : new RegExp(edit.regexp)
  let out: string[]
  if (edit.state === 'absent') {
    out = lines.filter((l) => !(re ? re.test(l) : l === edit.line))
  } else {
    out = [...lines]
    const hit = re ? lines.findLastIndex((l) => re.test(l)) : -1
    if (hit >= 0) out[hit] = edit.line
    else if (!lines.includes(edit.line)) {
      const after = edit.insertAfter === undefined ? -1 : lines.findLastIndex((l) => new RegExp(edit.insertAfter as string).test(l))
      out.splice(after >= 0 ? after + 1 : out.length, 0, edit.line)
    }
  }
  if (out.length === lines.length && out.every((l, i) => l === lines[i])) return content
  return out.length === 0 ? '' : `${out.join('\n')}\n`
}
