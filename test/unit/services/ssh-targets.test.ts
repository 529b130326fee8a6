import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {sshErrors} from '../../../src/errors/ssh-errors.js'
import {loadInventory} from '../../../src/inventory/load.js'
import {sshTargetFor} from '../../../src/services/ssh-targets.js'

const dir = path.join(import.meta.dirname, '../../fixtures/inventory/valid/minimal')
const load = (env?: string) => loadInventory({dir, cwd: dir, environ: {KOTADC_SECRET_SIMPUS_DB_PASSWORD: 'x'}, ...(env ? {env} : {})})

// An SSH error's fix names where the failing value was written: the lab's overlay sets the address, not hosts.yaml.
describe('sshTargetFor: where a connection problem is fixed', () => {
  it('points at the overlay entry that set the host address', async () => {
    const {inventory} = await load('lab')
    const t = sshTargetFor(inventory, 'hv1', {})
    expect(t.at).toMatchObject({file: 'envs/lab.yaml', line: 5})
    expect(sshErrors.connectRefused({host: t.host, address: t.address, port: t.port, ...(t.at ? {at: t.at} : {})}).hint).toContain(
      'address at envs/lab.yaml:5',
    )
  })

  it('points at the host entry in the base files when no overlay changed how it is reached', async () => {
    const {inventory} = await load()
    expect(sshTargetFor(inventory, 'hv1', {}).at).toMatchObject({file: 'hosts.yaml'})
    const lab = await load('lab')
    // db1's entry is untouched by the overlay.
    expect(sshTargetFor(lab.inventory, 'db1', {}).at).toMatchObject({file: 'hosts.yaml'})
  })

  it('site.ssh.connectTimeout (seconds) becomes every target’s handshake timeout; unset leaves the default', async () => {
    const {inventory} = await load()
    expect(sshTargetFor(inventory, 'hv1', {}).readyTimeoutMs).toBeUndefined()
    const slow = {...inventory, site: {...inventory.site, ssh: {...inventory.site.ssh, connectTimeout: 45}}}
    expect(sshTargetFor(slow, 'hv1', {}).readyTimeoutMs).toBe(45_000)
  })
})
