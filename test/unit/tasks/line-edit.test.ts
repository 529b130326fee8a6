import {describe, expect, it} from 'vitest'
import {editLines} from '../../../src/tasks/line-edit.js'

describe('editLines', () => {
  it.each([
    ['appends to a file without a final newline', 'a', {line: 'b', state: 'present'}, 'a\nb\n'],
    ['creates the only line of an empty file', '', {line: 'b', state: 'present'}, 'b\n'],
    ['replaces only the last regexp match', 'x=1\nx=2\n', {line: 'x=3', regexp: '^x=', state: 'present'}, 'x=1\nx=3\n'],
    ['leaves an exact line alone', 'a\nb\n', {line: 'a', state: 'present'}, 'a\nb\n'],
    ['removes every equal line', 'a\nb\na\n', {line: 'a', state: 'absent'}, 'b\n'],
    ['inserts after the last insertAfter match', 'p\nq\np\nr\n', {line: 'n', insertAfter: '^p', state: 'present'}, 'p\nq\np\nn\nr\n'],
  ] as const)('%s', (_name, before, edit, after) => {
    expect(editLines(before, edit)).toBe(after)
  })
})
