import {describe, expect, it} from 'vitest'
import {loadInventory} from '../../../src/inventory/load.js'
import {checkSnapshot} from '../../../src/report/snapshot-check.js'
import {snapshotOf} from '../../helpers/status-snapshot.js'

const example = async () => structuredClone(snapshotOf((await loadInventory({dir: 'inventory', environ: {}})).inventory, {troubled: true}))

describe('checkSnapshot', () => {
  it('accepts a snapshot, and one with fields a newer status added', async () => {
    const s = await example()
    expect(checkSnapshot(JSON.parse(JSON.stringify(s)))).toEqual({ok: true, snapshot: s})
    expect(checkSnapshot({...s, vms: [], hosts: s.hosts.map((h) => ({...h, kernel: '6.1'}))}).ok).toBe(true)
  })

  it('names an old or new format version instead of listing field errors', async () => {
    expect(checkSnapshot({...(await example()), version: 2, hosts: 'x'})).toEqual({ok: false, reason: 'version', version: 2, issues: []})
  })

  it('recognizes the saved error of a failed status run', () => {
    const v = checkSnapshot({error: {code: 'SSH_AUTH_FAILED', message: 'db1 refused the key', exitCode: 3}})
    expect(v).toMatchObject({ok: false, reason: 'failed-run', error: {code: 'SSH_AUTH_FAILED', message: 'db1 refused the key'}})
  })

  it('lists every wrong field by its path', async () => {
    const s = (await example()) as unknown as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    s.hosts[1].reachable = 'yes'
    s.hosts[2].load = [1, 2]
    delete s.agencies[0].workloads[0].state
    s.backups[3].status = 'late'
    s.certificates[0].expiresAt = 'soon'
    delete s.deploys
    const v = checkSnapshot(s)
    expect(v.ok).toBe(false)
    expect(v.ok ? [] : v.issues).toEqual([
      {path: 'hosts[1].reachable', problem: 'expected true or false, got "yes"'},
      {path: 'hosts[2].load', problem: 'expected a list of 3, got a list'},
      {path: 'agencies[0].workloads[0].state', problem: 'missing'},
      {path: 'certificates[0].expiresAt', problem: 'expected an ISO date and time, got "soon"'},
      {path: 'backups[3].status', problem: 'expected one of fresh, stale, never, unplanned, got "late"'},
      {path: 'deploys', problem: 'missing'},
    ])
  })

  it('refuses what is not an object at all', () => {
    for (const v of [null, [], 'status', 3]) expect(checkSnapshot(v)).toMatchObject({ok: false, reason: 'not-a-snapshot'})
  })
})
