import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'
import {appendWorkloadsText, newAgencyText, removeWorkloadsText, workloadNamesIn} from '../../../src/onboard/agency-doc.js'

const example = readFileSync(join(import.meta.dirname, '../../../inventory/agencies/dinkes.yaml'), 'utf8')
const entry = '- name: wisata\n  kind: postgres\n  host: db1\n  databases: [ wisata ]\n'

describe('agency file edits keep every other byte', () => {
  it('appending keeps comments, alignment, flow style and key order: the old text is an exact prefix', () => {
    const out = appendWorkloadsText(example, entry)
    expect(out.startsWith(example)).toBe(true)
    expect(out.slice(example.length)).toBe('  - name: wisata\n    kind: postgres\n    host: db1\n    databases: [ wisata ]\n')
    expect(workloadNamesIn(out)).toEqual(['simpus', 'simpus-db', 'wisata'])
  })

  it('appends after the last entry when a comment or another key follows the list', () => {
    const text =
      'agency: {code: x, name: X}\nworkloads:    # the list\n  - name: a   # first\n    kind: postgres\n    host: db1\n    databases: [a]\n# trailing note\n'
    const out = appendWorkloadsText(text, entry)
    expect(out).toBe(
      'agency: {code: x, name: X}\nworkloads:    # the list\n  - name: a   # first\n    kind: postgres\n    host: db1\n    databases: [a]\n' +
        '  - name: wisata\n    kind: postgres\n    host: db1\n    databases: [ wisata ]\n# trailing note\n',
    )
  })

  it('follows the indentation of the existing entries', () => {
    const text = 'agency: {code: x, name: X}\nworkloads:\n- name: a\n  kind: postgres\n  host: db1\n  databases: [a]\n'
    expect(appendWorkloadsText(text, entry)).toBe(`${text}${entry}`)
  })

  it('an empty `workloads: []` or a missing list becomes a block list', () => {
    const fresh = newAgencyText({code: 'dinpar', name: 'Dinas Pariwisata', contact: {name: 'Kabid', email: 'k@dinpar.example'}})
    expect(fresh).toBe(
      '# yaml-language-server: $schema=../../.kotadc/schema/agency.json\nagency:\n  code: dinpar\n  name: Dinas Pariwisata\n  contact: { name: Kabid, email: k@dinpar.example }\nworkloads: []\n',
    )
    const added = appendWorkloadsText(fresh, entry)
    expect(parse(added)).toMatchObject({workloads: [{name: 'wisata', databases: ['wisata']}]})
    expect(added.startsWith(fresh.replace('workloads: []\n', 'workloads:\n'))).toBe(true)
    expect(appendWorkloadsText('agency: {code: x, name: X}\n', entry)).toBe(
      `agency: {code: x, name: X}\nworkloads:\n  - name: wisata\n    kind: postgres\n    host: db1\n    databases: [ wisata ]\n`,
    )
  })

  it('removing an entry takes its own comment lines and leaves the rest as it was', () => {
    const text =
      'agency: {code: x, name: X}   # keep\nworkloads:\n  - name: a   # first\n    kind: postgres\n    host: db1\n    databases: [a]\n  # about b\n  - name: b\n    kind: postgres\n    host: db1\n    databases: [b]\n  - name: c\n    kind: postgres\n    host: db1\n    databases: [c]\n# end\n'
    expect(removeWorkloadsText(text, ['b'])).toBe(
      'agency: {code: x, name: X}   # keep\nworkloads:\n  - name: a   # first\n    kind: postgres\n    host: db1\n    databases: [a]\n  - name: c\n    kind: postgres\n    host: db1\n    databases: [c]\n# end\n',
    )
    expect(removeWorkloadsText(text, ['a', 'b', 'c'])).toBe('agency: {code: x, name: X}   # keep\nworkloads: []\n# end\n')
    expect(removeWorkloadsText(text, ['zzz'])).toBe(text)
  })

  it('adding then removing gives back the example byte for byte', () => {
    expect(removeWorkloadsText(appendWorkloadsText(example, entry), ['wisata'])).toBe(example)
  })
})
