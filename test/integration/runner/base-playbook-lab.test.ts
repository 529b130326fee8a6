import {existsSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadInventory} from '../../../src/inventory/load.js'
import {runPlaybook} from '../../../src/services/run-playbook.js'
import {labStatus} from '../../../src/services/lab/status.js'

// The base playbook changes packages, users, sshd and sysctl: it runs only inside lab containers (`kotadc lab up`).
const root = resolve(import.meta.dirname, '../../..')
const overlay = join(root, 'inventory/envs/lab.yaml')

async function labReady(): Promise<string | undefined> {
  if (!existsSync(overlay)) return 'no lab: inventory/envs/lab.yaml is missing (run `kotadc lab up`)'
  try {
    const {inventory} = await loadInventory({dir: join(root, 'inventory'), cwd: root})
    const s = await labStatus(inventory)
    return s.ready ? undefined : 'the lab is not running (kotadc lab status)'
  } catch (e) {
    return `the lab cannot be checked: ${(e as Error).message}`
  }
}

const reason = await labReady()

describe.skipIf(reason !== undefined)(`built-in playbook base in the lab${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('converges a lab host: first run changes it, the second changes nothing', {timeout: 600_000}, async () => {
    const {inventory} = await loadInventory({dir: join(root, 'inventory'), env: 'lab', cwd: root})
    const opts = {playbook: 'base', diff: false, limit: ['net1'], cwd: root, environ: process.env}
    const check = await runPlaybook(inventory, {...opts, check: true})
    expect(check.hosts[0]?.error).toBeUndefined()
    const first = await runPlaybook(inventory, {...opts, check: false})
    expect(first.hosts[0]?.error).toBeUndefined()
    expect(first.hosts[0]?.notConverged).toBeUndefined()
    const second = await runPlaybook(inventory, {...opts, check: false})
    expect(second.summary).toEqual({ok: 1, changed: 0, failed: 0, unreachable: 0})
  })
})
