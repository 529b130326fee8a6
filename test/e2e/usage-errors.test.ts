import {describe, expect, it} from 'vitest'
import {runKotadc} from '../helpers/cli.js'

// Refused while parsing the command line: no inventory is read and no host is contacted. The README: exit 2.
describe('exec without a command', () => {
  it('is a usage error (exit 2) naming the missing command', () => {
    const r = runKotadc(['exec', 'docker1'], {env: {NO_COLOR: '1'}})
    expect(r.status, r.stderr).toBe(2)
    expect(r.stderr).toContain('kotadc exec needs a command after --')
  })
})

describe('backup verify --read-data-subset', () => {
  it('a share restic would refuse is a usage error (exit 2), not "repositories have errors"', () => {
    const r = runKotadc(['backup', 'verify', '--read-data-subset', '500%'], {env: {NO_COLOR: '1'}})
    expect(r.status, r.stderr).toBe(2)
    expect(r.stderr).toContain('--read-data-subset 500% is not a share of the data')
    expect(r.stderr).not.toContain('INTERNAL')
  })

  it('--json carries the usage error with exit 2', () => {
    const r = runKotadc(['backup', 'verify', '--read-data-subset', '3/2', '--json'], {env: {NO_COLOR: '1'}})
    expect(r.status).toBe(2)
    expect(JSON.parse(r.stdout)).toMatchObject({error: {code: 'USAGE', exitCode: 2, message: expect.stringContaining('names no part')}})
  })
})

// An --env that is a path must never reach the file system as one: refused by name, before anything is read.
describe('--env that is not an overlay name', () => {
  it.each([
    [['validate', '--env', '../../../etc/passwd']],
    [['lab', 'up', '--env', '../../../etc/passwd']],
    [['lab', 'status', '--env', '../../../etc/passwd']],
  ])('%j is refused with INVENTORY_ENV_INVALID (exit 1)', (args) => {
    const r = runKotadc([...args, '--json'], {env: {NO_COLOR: '1'}})
    expect(r.status, r.stderr).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({error: {code: 'INVENTORY_ENV_INVALID', message: expect.stringContaining('is not an overlay name')}})
  })

  it('the same from KOTADC_ENV', () => {
    const r = runKotadc(['validate', '--json'], {env: {NO_COLOR: '1', KOTADC_ENV: '../../../etc/passwd'}})
    expect(r.status).toBe(1)
    expect(JSON.parse(r.stdout).error.code).toBe('INVENTORY_ENV_INVALID')
  })
})
