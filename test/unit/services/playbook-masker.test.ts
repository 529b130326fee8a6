import {describe, expect, it} from 'vitest'
import {Secret} from '../../../src/inventory/secret.js'
import {backupSourcePlaybook} from '../../../src/backup/playbook.js'
import {planJobs, playbookMasker} from '../../../src/services/run-playbook.js'
import {smallInventory} from '../../helpers/small-inventory.js'

describe('playbookMasker (kotadc run and every deploy phase)', () => {
  it("masks the secrets a built-in phase playbook's tasks carry: the backup phase's restic passwords", () => {
    const inv = smallInventory()
    const password = 'restic pw "quoted" \\ 1234'
    const pb = backupSourcePlaybook(inv, {secret: (name) => new Secret(name, password), sourceKeys: new Map()})
    const jobs = planJobs(inv, pb, {})
    expect(jobs.length).toBeGreaterThan(0)
    const mask = playbookMasker(pb, jobs)
    expect(mask(`restic: wrong password ${password} given`)).toBe('restic: wrong password *** given')
  })

  it('masks nothing when the playbook carries no secret', () => {
    expect(playbookMasker({vars: {}}, [])('nothing secret here')).toBe('nothing secret here')
  })
})
