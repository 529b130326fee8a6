import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {REPO_ROOT, runKotadc} from '../helpers/cli.js'

// The onboarding commands without a terminal, on a copy of the example: what a script or CI sees. No host is
// contacted (--no-plan; the example's addresses are outside the test fence anyway).
let tmp: string
const kotadc = (...argv: string[]) => runKotadc([...argv, '-i', join(tmp, 'inventory')], {cwd: tmp})
const agencies = () =>
  Object.fromEntries(readdirSync(join(tmp, 'inventory', 'agencies')).map((f) => [f, readFileSync(join(tmp, 'inventory', 'agencies', f), 'utf8')]))

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kotadc-onboard-e2e-'))
  cpSync(join(REPO_ROOT, 'inventory'), join(tmp, 'inventory'), {recursive: true, filter: (s) => !s.includes(join('inventory', 'envs'))})
})
afterEach(() => rmSync(tmp, {recursive: true, force: true}))

describe('onboarding without a terminal', () => {
  it('when no host of the agency can be reached, the closing plan is one line naming each host and why', () => {
    // The test fence (KOTADC_ALLOWED_NETWORKS) refuses the example's addresses before any connection.
    const r = kotadc('workload', 'add', 'dinkes', 'profil', '--from', 'static-site', '--yes', '--json')
    expect(r.status, r.stderr).toBe(0)
    expect(r.json().plan).toEqual({
      ran: false,
      reason: expect.stringContaining('no host of agency:dinkes could be reached'),
      unreachable: [
        {host: 'docker1', code: 'NETWORK_OUTSIDE_FENCE'},
        {host: 'docker2', code: 'NETWORK_OUTSIDE_FENCE'},
        {host: 'db1', code: 'NETWORK_OUTSIDE_FENCE'},
      ],
    })
  })

  it('a value with no default is ONBOARD_VALUE_MISSING naming its flag, and nothing is written', () => {
    const before = agencies()
    const r = kotadc('workload', 'add', 'dinkes', 'wisata', '--from', 'web-app', '--yes', '--no-plan', '--json')
    expect(r.status).toBe(1)
    expect(r.json().error).toMatchObject({code: 'ONBOARD_VALUE_MISSING', hint: expect.stringContaining('--image')})
    expect(agencies()).toEqual(before)
  })

  it('a request file with an unknown key is refused at its line', () => {
    writeFileSync(join(tmp, 'request.yaml'), 'agency:\n  code: dinpar\n  name: Dinas Pariwisata\n  kepala: Budi\n')
    const r = kotadc('agency', 'add', '--from-file', join(tmp, 'request.yaml'), '--yes', '--no-plan', '--json')
    expect(r.status).toBe(1)
    expect(r.json().error).toMatchObject({
      code: 'ONBOARD_REQUEST_INVALID',
      message: expect.stringContaining('unknown key agency.kepala'),
      location: {line: 4},
    })
  })

  it('an existing agency, an unknown one and a taken workload name are refused with what exists', () => {
    expect(kotadc('agency', 'add', 'dinkes', '--name', 'X', '--yes', '--no-plan', '--json').json().error).toMatchObject({
      code: 'ONBOARD_AGENCY_EXISTS',
      location: {file: join('inventory', 'agencies', 'dinkes.yaml')},
    })
    expect(kotadc('workload', 'add', 'dinkez', 'a', '--from', 'static-site', '--yes', '--no-plan', '--json').json().error.code).toBe(
      'ONBOARD_AGENCY_UNKNOWN',
    )
    expect(kotadc('workload', 'add', 'dinkes', 'simpus', '--from', 'static-site', '--yes', '--no-plan', '--json').json().error.code).toBe(
      'ONBOARD_WORKLOAD_EXISTS',
    )
  })

  it('flags give every value: a static site on the host and port asked for, then removed again', () => {
    const r = kotadc(
      'workload',
      'add',
      'dinkes',
      'profil',
      '--from',
      'static-site',
      '--host',
      'docker1',
      '--port',
      '8200',
      '--domain',
      'profil-dinkes.kotamobagukota.go.id',
      '--yes',
      '--no-plan',
      '--json',
    )
    expect(r.status, r.stderr).toBe(0)
    expect(r.json()).toMatchObject({
      agency: 'dinkes',
      agencyCreated: false,
      workloads: [
        {name: 'profil', values: {host: 'docker1', port: 8200, domain: 'profil-dinkes.kotamobagukota.go.id'}, computed: ['image', 'policy']},
      ],
      secrets: [],
      plan: {ran: false},
    })
    expect(kotadc('validate', '--json').status).toBe(0)
    const removed = kotadc('workload', 'remove', 'dinkes', 'profil', '--without-final-backup', '--yes', '--json')
    expect(removed.status, removed.stderr).toBe(0)
    expect(readFileSync(join(tmp, 'inventory', 'agencies', 'dinkes.yaml'), 'utf8')).toBe(
      readFileSync(join(REPO_ROOT, 'inventory', 'agencies', 'dinkes.yaml'), 'utf8'),
    )
  })

  it('kotadc onboard REQUEST adds several workloads to an agency that exists, each with its own port', () => {
    writeFileSync(
      join(tmp, 'request.yaml'),
      'agency: {code: dinkes}\nworkloads:\n  - {name: profil, template: static-site, host: docker1}\n  - {name: galeri, template: static-site, host: docker1}\n',
    )
    const r = kotadc('onboard', join(tmp, 'request.yaml'), '--yes', '--no-plan', '--json')
    expect(r.status, r.stderr).toBe(0)
    expect(r.json()).toMatchObject({
      agencyCreated: false,
      workloads: [
        {name: 'profil', values: {port: 8000}},
        {name: 'galeri', values: {port: 8001}},
      ],
    })
    expect(kotadc('validate', '--json').status).toBe(0)
  })
})
