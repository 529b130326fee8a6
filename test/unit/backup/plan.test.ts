import {describe, expect, it} from 'vitest'
import {passwordSecretName, repositoryUrl} from '../../../src/backup/conventions.js'
import {planBackups} from '../../../src/backup/plan.js'
import type {Inventory} from '../../../src/inventory/model.js'
import {smallInventory} from '../../helpers/small-inventory.js'

/** The VM arsip with a backup section; `created` pins the host key the vms phase stores when it creates the VM. */
const withVmBackup = (inv: Inventory, paths: string[], created = true): Inventory => ({
  ...inv,
  workloads: inv.workloads.map((w) =>
    w.name === 'arsip' ? {...w, backup: {policy: 'standard', paths}, ...(created ? {hostKey: 'SHA256:arsip-host-key'} : {})} : w,
  ),
})

describe('planBackups', () => {
  it('puts container volumes on their docker host under the stack volume name, tagged site/agency/workload/kind', () => {
    const plan = planBackups(smallInventory())
    const docker1 = plan.hosts.find((h) => h.host === 'docker1')
    expect(docker1?.passwordSecret).toBe('RESTIC_PASSWORD_DOCKER1')
    expect(docker1?.runs).toHaveLength(1)
    expect(docker1?.runs[0]?.repository).toEqual({
      host: 'backup1',
      address: '10.10.0.41',
      port: 22,
      url: 'sftp:kotadc-bk-docker1@10.10.0.41:/repo',
      account: 'kotadc-bk-docker1',
      dir: '/srv/restic/docker1/repo',
    })
    expect(docker1?.runs[0]?.items).toEqual([
      {
        kind: 'volume',
        workload: 'simpus',
        agency: 'dinkes',
        paths: ['/var/lib/docker/volumes/simpus-uploads/_data'],
        tags: ['site=dc1', 'agency=dinkes', 'workload=simpus', 'kind=volume'],
        label: 'simpus volume uploads',
      },
    ])
  })

  it('dumps each database of a postgres workload on its database host', () => {
    const inv = smallInventory()
    const db = inv.workloads.find((w) => w.name === 'simpus-db')
    if (db?.kind !== 'postgres') throw new Error('fixture changed')
    db.databases = ['simpus', 'audit']
    const items = planBackups(inv).hosts.find((h) => h.host === 'db1')?.runs[0]?.items
    expect(items?.map((i) => (i.kind === 'postgres' ? i.database : '?'))).toEqual(['simpus', 'audit'])
    expect(items?.every((i) => i.tags.includes('kind=postgres'))).toBe(true)
  })

  it('backs up VM paths on the VM itself (VMs are hosts), or from the hosts.yaml entry with its name or address', () => {
    const base = withVmBackup(smallInventory(), ['/srv/arsip', '/etc'])
    expect(planBackups(base).unplaced).toEqual([])
    expect(
      planBackups(base)
        .hosts.find((h) => h.host === 'arsip')
        ?.runs[0]?.items.map((i) => i.label),
    ).toEqual(['arsip files'])
    const asHost: Inventory = {
      ...base,
      hosts: [...base.hosts, {name: 'arsip-vm', address: '10.20.0.50', network: 'services', roles: [], vars: {}, at: {file: 'h', line: 1, col: 1}}],
    }
    const plan = planBackups(asHost)
    expect(plan.unplaced).toEqual([])
    expect(plan.hosts.find((h) => h.host === 'arsip-vm')?.runs[0]?.items).toEqual([
      {
        kind: 'files',
        workload: 'arsip',
        agency: 'setda',
        paths: ['/srv/arsip', '/etc'],
        tags: ['site=dc1', 'agency=setda', 'workload=arsip', 'kind=files'],
        label: 'arsip files',
      },
    ])
  })

  it('a VM not created yet backs nothing up and says why (state, so validate does not warn); its hosts.yaml stand-in still does', () => {
    const notYet = withVmBackup(smallInventory(), ['/srv/arsip'], false)
    const plan = planBackups(notYet)
    expect(plan.hosts.some((h) => h.host === 'arsip')).toBe(false)
    expect(plan.unplaced).toMatchObject([{workload: 'arsip', notCreated: true, reason: expect.stringContaining('kotadc deploy --phase vms')}])
    const asHost: Inventory = {
      ...notYet,
      hosts: [...notYet.hosts, {name: 'arsip-vm', address: '10.20.0.50', network: 'services', roles: [], vars: {}, at: {file: 'h', line: 1, col: 1}}],
    }
    expect(planBackups(asHost).unplaced).toEqual([])
  })

  it('a backup section that names nothing to back up is unplaced, not silently skipped', () => {
    const inv = withVmBackup(smallInventory(), [])
    const asHost: Inventory = {
      ...inv,
      hosts: [...inv.hosts, {name: 'arsip', address: '10.20.0.50', network: 'services', roles: [], vars: {}, at: {file: 'h', line: 1, col: 1}}],
    }
    expect(planBackups(asHost).unplaced).toMatchObject([
      {workload: 'arsip', reason: 'nothing of arsip is backed up: its backup section lists no paths'},
    ])
  })

  it('groups items by policy in inventory order, one repository per policy host, and lists each backup host with its sources', () => {
    const inv = smallInventory()
    inv.backupPolicies.push({name: 'hourly', schedule: 'hourly', keep: {daily: 2}, repository: 'db1', rpoHours: 2, at: {file: 's', line: 1, col: 1}})
    const vm = inv.workloads.find((w) => w.name === 'simpus')
    if (vm?.kind !== 'container') throw new Error('fixture changed')
    inv.workloads.push({
      ...vm,
      name: 'antrian',
      volumes: [{name: 'data', path: '/data'}],
      backup: {policy: 'hourly', volumes: ['data'], paths: ['/etc/antrian']},
    })
    const plan = planBackups(inv)
    const runs = plan.hosts.find((h) => h.host === 'docker1')?.runs ?? []
    expect(runs.map((r) => [r.policy.name, r.repository.url, r.items.map((i) => i.label)])).toEqual([
      ['standard', 'sftp:kotadc-bk-docker1@10.10.0.41:/repo', ['simpus volume uploads']],
      ['hourly', 'sftp:kotadc-bk-docker1@10.10.0.31:/repo', ['antrian volume data', 'antrian files']],
    ])
    expect(plan.repositories).toEqual([
      {host: 'backup1', sources: ['db1', 'docker1']},
      {host: 'db1', sources: ['docker1']},
    ])
  })

  it('leaves out workloads without backup and hosts with nothing to back up', () => {
    const plan = planBackups(smallInventory())
    expect(plan.hosts.map((h) => h.host)).toEqual(['db1', 'docker1'])
  })
})

describe('naming conventions', () => {
  it('names the password secret after the host in upper case with underscores', () => {
    expect(passwordSecretName('db-main-2')).toBe('RESTIC_PASSWORD_DB_MAIN_2')
  })
  it('brackets IPv6 repository addresses', () => {
    expect(repositoryUrl('fd00::5', 'db1')).toBe('sftp:kotadc-bk-db1@[fd00::5]:/repo')
  })
})
