import {describe, expect, it} from 'vitest'
import {renderWarnings} from '../../../../src/cli/render/error.js'
import type {InventoryIssue} from '../../../../src/errors/inventory-issue.js'
import {inventoryIssue} from '../../../../src/errors/inventory.js'
import {plain} from '../../../../src/cli/style.js'

const at = (file: string, line: number): InventoryIssue['location'] => ({file, line, col: 15})
const missing = (name: string, line: number): InventoryIssue => ({
  ...inventoryIssue.secretMissing(name, `KOTADC_SECRET_${name}`),
  path: 'workloads[0].secrets[0]',
  location: at('inventory/agencies/a.yaml', line),
})
// A second warning kind: no other inventory code is a warning today, and the renderer looks only at code and severity.
const outside = (domain: string): InventoryIssue => ({
  ...inventoryIssue.domainOutsideSite(domain, 'kota.go.id'),
  severity: 'warning',
  path: 'workloads[0].domain',
  location: at('inventory/agencies/b.yaml', 9),
})

describe('renderWarnings', () => {
  const many = Array.from({length: 31}, (_, i) => missing(`SECRET_${String(i).padStart(2, '0')}`, i + 1))

  it('groups more than a few warnings of one code into one line with the count, the first names and the generic fix', () => {
    const text = renderWarnings([...many, outside('example.org')], plain, false)
    const lines = text.split('\n')
    expect(lines[0]).toBe(
      'warning: 31 × secret … is not resolvable: SECRET_00, SECRET_01, SECRET_02, SECRET_03, … 27 more  [INVENTORY_SECRET_MISSING]',
    )
    expect(lines[1]).toBe('  first at inventory/agencies/a.yaml:1:15; --verbose lists every one')
    expect(lines[2]).toMatch(/^ {2}fix: add it to inventory\/secrets\.age/)
    // A kind that occurs only once keeps its full form.
    expect(lines[3]).toBe(
      'inventory/agencies/b.yaml:9:15  warning: workloads[0].domain: domain example.org is outside the site domain kota.go.id  [INVENTORY_DOMAIN_OUTSIDE_SITE]',
    )
    expect(lines).toHaveLength(5)
  })

  it('--verbose prints every warning with its location', () => {
    const text = renderWarnings(many, plain, true)
    expect(text.split('\n')).toHaveLength(62)
    expect(text).toContain('inventory/agencies/a.yaml:31:15  warning: workloads[0].secrets[0]: secret SECRET_30 is not resolvable')
  })

  it('three of a kind are still listed one by one', () => {
    expect(renderWarnings(many.slice(0, 3), plain, false).split('\n')).toHaveLength(6)
  })
})
