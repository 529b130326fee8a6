import {mkdtempSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {prepareStacks, synthStacks, synthStacksCached} from '../../../../src/services/deploy/stacks.js'
import {dockerInventory} from '../../stacks/docker-inventory.js'

const hosts = ['docker1', 'docker2']
const prepare =
  (root: string, inv = dockerInventory()) =>
  async () => {
    const s = await synthStacksCached(inv, hosts, root)
    await prepareStacks(inv, s, {projectRoot: root, binaryVersion: 'terraform 1.11.4', environ: {}})
    return s
  }

describe('synth cache', () => {
  it('synthesizes each stack once, then reads it back while its inventory slice is unchanged', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kotadc-synth-cache-'))
    const first = await prepare(root)()
    expect(first.map((s) => s.synthesized)).toEqual([true, true])
    const mtime = statSync(join(root, '.kotadc/stacks/docker-docker1/main.tf.json')).mtimeMs
    const second = await prepare(root)()
    expect(second.map((s) => s.synthesized)).toEqual([false, false])
    // Read back, the JSON is exactly what a fresh synth gives, and nothing was rewritten.
    expect(second.map((s) => s.json)).toEqual((await synthStacks(dockerInventory(), hosts)).map((s) => s.json))
    expect(statSync(join(root, '.kotadc/stacks/docker-docker1/main.tf.json')).mtimeMs).toBe(mtime)
  })

  it('re-synthesizes only the stack whose workloads changed, and ignores moved source lines', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kotadc-synth-cache-'))
    await prepare(root)()
    const inv = dockerInventory()
    const moved = {...inv, workloads: inv.workloads.map((w) => ({...w, at: {...w.at, line: w.at.line + 40}}))}
    expect((await synthStacksCached(moved, hosts, root)).map((s) => s.synthesized)).toEqual([false, false])
    const changed = {
      ...inv,
      workloads: inv.workloads.map((w) => (w.kind === 'container' && w.host === 'docker2' ? {...w, image: `${w.image}-patched`} : w)),
    }
    const again = await prepare(root, changed)()
    expect(again.map((s) => [s.host, s.synthesized])).toEqual([
      ['docker1', false],
      ['docker2', true],
    ])
    expect(again[1]!.json).toContain('-patched')
  })
})
