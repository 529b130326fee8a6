import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {maskSensitive, parsePlanJson, scrubSecrets} from '../../../../src/exec/terraform/plan-json.js'

const fixture = readFileSync(new URL('fixtures/plan-update-replace.json', import.meta.url), 'utf8')

const plan = (resource_changes: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({format_version: '1.2', terraform_version: '1.11.4', resource_changes, ...extra})

const rc = (address: string, actions: string[], change: Record<string, unknown> = {}) => {
  const [type, name] = address.split('.')
  return {address, type, name, change: {actions, before: null, after: null, ...change}}
}

describe('terraform show -json parsing', () => {
  it('reads updates and replacements from a real terraform 1.11 plan, with the attribute forcing replacement', () => {
    const p = parsePlanJson(fixture)
    expect(p.terraformVersion).toBe('1.11.4')
    expect(p.changes.map((c) => [c.action, c.address, c.replacePaths])).toEqual([
      ['update', 'terraform_data.keep', []],
      ['replace', 'terraform_data.repl', ['triggers_replace']],
      ['update', 'terraform_data.secret', []],
    ])
    expect(p.counts).toEqual({create: 0, update: 2, replace: 1, delete: 0, forget: 0})
    expect(p.changes[1]).toMatchObject({reason: 'replace_because_cannot_update', unknownAfter: ['id', 'output']})
  })

  it('masks sensitive values, including copies terraform left unmarked', () => {
    const p = parsePlanJson(fixture)
    expect(p.changes[2]).toMatchObject({before: {input: '***', output: '***'}, after: {input: '***'}})
    expect(fixture).toContain('hunter2')
    expect(JSON.stringify(p)).not.toMatch(/hunter[23]/)
  })

  it('maps every action and drops no-op and read', () => {
    const p = parsePlanJson(
      plan([
        rc('docker_network.a', ['create']),
        rc('docker_volume.b', ['delete'], {before: {name: 'b'}}),
        rc('docker_container.c', ['create', 'delete']),
        rc('docker_image.d', ['no-op']),
        rc('data.x', ['read']),
        rc('terraform_data.e', ['forget']),
      ]),
    )
    expect(p.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'create docker_network.a',
      'delete docker_volume.b',
      'replace docker_container.c',
      'forget terraform_data.e',
    ])
    expect(p.hasChanges).toBe(true)
    expect(parsePlanJson(plan([rc('x.y', ['no-op'])])).hasChanges).toBe(false)
  })

  it('formats nested replace paths and masks nested sensitive parts only', () => {
    const p = parsePlanJson(
      plan([
        rc('docker_container.c', ['delete', 'create'], {
          before: {env: ['A=1', 'PW=topsecret'], ports: [{internal: 80}]},
          after: {env: ['A=1', 'PW=newsecret'], ports: [{internal: 8080}]},
          before_sensitive: {env: [false, true]},
          after_sensitive: {env: true},
          replace_paths: [['ports', 0, 'internal']],
        }),
      ]),
    )
    expect(p.changes[0]).toMatchObject({
      replacePaths: ['ports[0].internal'],
      before: {env: ['A=1', '***'], ports: [{internal: 80}]},
      after: {env: '***', ports: [{internal: 8080}]},
    })
  })

  it('reads drift from a refresh-only plan', () => {
    const p = parsePlanJson(
      plan([], {
        resource_drift: [rc('docker_container.c', ['update'], {before: {memory: 512}, after: {memory: 2048}}), rc('docker_volume.v', ['delete'])],
      }),
    )
    expect(p.changes).toEqual([])
    expect(p.hasChanges).toBe(false)
    expect(p.drift.map((c) => `${c.action} ${c.address}`)).toEqual(['update docker_container.c', 'delete docker_volume.v'])
    expect(p.drift[0]).toMatchObject({before: {memory: 512}, after: {memory: 2048}})
  })

  it('scrubs secrets the caller passed anywhere in the result, longest first', () => {
    const p = parsePlanJson(plan([rc('terraform_data.x', ['create'], {after: {input: 'url=postgres://u:pw-12345@db', other: 'pw-123456'}})]), [
      'pw-12345',
      'pw-123456',
    ])
    expect(p.changes[0]?.after).toEqual({input: 'url=postgres://u:***@db', other: '***'})
    expect(scrubSecrets({a: ['xx-secret-xx'], n: 1}, ['secret'])).toEqual({a: ['xx-***-xx'], n: 1})
    expect(maskSensitive(null, true)).toBeNull()
  })

  it('rejects output that is not a plan', () => {
    expect(() => parsePlanJson('not json')).toThrow(expect.objectContaining({code: 'TF_PLAN_UNREADABLE'}))
    expect(() => parsePlanJson('{"x": 1}')).toThrow(expect.objectContaining({code: 'TF_PLAN_UNREADABLE'}))
  })
})
