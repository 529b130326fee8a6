import {describe, expect, it} from 'vitest'
import {agencyAddRequest, parseRequest, workloadAddRequest} from '../../../src/onboard/request.js'

const fails = (text: string): unknown => {
  try {
    parseRequest('request.yaml', text)
  } catch (e) {
    const err = e as {code: string; message: string; location: {line: number}}
    return {code: err.code, message: err.message, line: err.location.line}
  }
  return 'parsed'
}

describe('request files', () => {
  it('reads the agency and its workloads with their values', () => {
    const r = parseRequest(
      'request.yaml',
      '# from Dinas Pariwisata\nagency:\n  code: dinpar\n  name: Dinas Pariwisata\n  contact: { name: Kabid, phone: 0434 21000 }\nworkloads:\n  - name: wisata\n    template: web-app\n    image: registry.internal/dinpar/wisata:1.0.0\n    port: 8100\n',
    )
    expect(r).toEqual({
      agency: {code: 'dinpar', name: 'Dinas Pariwisata', contact: {name: 'Kabid', phone: '0434 21000'}},
      workloads: [{name: 'wisata', template: 'web-app', values: {image: 'registry.internal/dinpar/wisata:1.0.0', port: 8100}}],
    })
  })

  it('refuses what it does not know, at its line', () => {
    expect(fails('agency:\n  code: x\n  colour: blue\n')).toEqual({
      code: 'ONBOARD_REQUEST_INVALID',
      message: 'request file request.yaml: unknown key agency.colour',
      line: 3,
    })
    expect(fails('agency: {code: x}\nworkloads:\n  - name: a\n    env: {A: b}\n')).toMatchObject({
      message: expect.stringContaining('a.env is not a single text or number'),
      line: 4,
    })
    expect(fails('hosts: []\n')).toMatchObject({message: expect.stringContaining('unknown key hosts'), line: 1})
    expect(fails('agency: [\n')).toMatchObject({code: 'ONBOARD_REQUEST_INVALID'})
    expect(fails('{}\n')).toMatchObject({message: expect.stringContaining('names no agency and no workload')})
  })

  it('flags win over the request file; the file fills in the rest', () => {
    const file = parseRequest(
      'r.yaml',
      'agency: {code: dinpar, name: D, contact: {name: K, email: k@d.example}}\nworkloads:\n  - {name: wisata, template: web-app, image: a:1, domain: w.example}\n',
    )
    expect(workloadAddRequest(file, {values: {image: 'b:2', host: undefined}})).toEqual({
      agency: {code: 'dinpar'},
      workloads: [{name: 'wisata', template: 'web-app', values: {image: 'b:2', domain: 'w.example'}}],
    })
    expect(agencyAddRequest(file, {name: 'Dinas Pariwisata', contact: {email: 'new@d.example'}})).toMatchObject({
      agency: {code: 'dinpar', name: 'Dinas Pariwisata', contact: {name: 'K', email: 'new@d.example'}},
    })
    expect(() => agencyAddRequest(undefined, {code: 'x', contact: {email: 'a@b.example'}})).toThrow(/contact name/)
    expect(() => workloadAddRequest(undefined, {values: {}})).toThrow(/no agency code was given/)
  })
})
