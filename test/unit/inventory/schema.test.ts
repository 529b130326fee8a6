import {describe, expect, it} from 'vitest'
import {ROLES, WORKLOAD_KINDS} from '../../../src/inventory/model.js'
import {jsonSchemaFor} from '../../../src/inventory/schema.js'

type S = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

describe('jsonSchemaFor', () => {
  it('describes every kind of file as draft-07 with descriptions', () => {
    for (const kind of ['site', 'hosts', 'agency', 'overlay', 'all'] as const) {
      const s = jsonSchemaFor(kind) as S
      expect(s.$schema).toContain('draft-07')
      expect(s.additionalProperties).toBe(false)
      expect(JSON.parse(JSON.stringify(s))).toEqual(s)
      for (const [name, prop] of Object.entries(s.properties as S)) expect(prop.$ref ?? prop.description, name).toBeTruthy()
    }
  })
  it('stays in sync with model.ts', () => {
    const d = (jsonSchemaFor('all') as S).definitions
    expect(d.host.properties.roles.items.enum).toEqual([...ROLES])
    expect(d.workload.oneOf.map((b: S) => b.properties.kind.const).sort()).toEqual([...WORKLOAD_KINDS].sort())
    expect(Object.keys(d.host.properties)).toEqual(expect.arrayContaining(['hostKey', 'overcommit', 'ssh', 'vars']))
    expect(Object.keys(d.host.properties.ssh.properties)).toContain('jumpHost')
    expect(Object.keys(d.site.properties.ssh.properties)).toContain('knownHosts')
  })
  it('requires only names in overlays', () => {
    const d = (jsonSchemaFor('overlay') as S).definitions
    expect(d.host.required).toEqual(['name'])
    expect(d.site.required).toBeUndefined()
    expect(d.workload.properties).toHaveProperty('cpus')
  })
  it('returns the same object each time (built once per process)', () => expect(jsonSchemaFor('site')).toBe(jsonSchemaFor('site')))
})
