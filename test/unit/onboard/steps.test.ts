import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {occupancyOf} from '../../../src/onboard/occupancy.js'
import {fixedVars, templateVars, workloadSteps, type Step} from '../../../src/onboard/steps.js'
import {parseTemplate, renderTemplate} from '../../../src/onboard/template.js'
import {decide, type Asker} from '../../../src/services/onboard/decide.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const template = (name: string) =>
  parseTemplate(
    name,
    `templates/workloads/${name}.yaml`,
    readFileSync(join(import.meta.dirname, `../../../templates/workloads/${name}.yaml`), 'utf8'),
  )

/** A scripted terminal: answers in order, and what it was asked and told. */
const scripted = (answers: string[]): Asker & {log: string[]} => {
  const log: string[] = []
  return {
    log,
    ask: async (q, d) => {
      log.push(`? ${q} [${d ?? ''}]`)
      return answers.shift() ?? ''
    },
    refuse: (m) => void log.push(`! ${m}`),
  }
}

describe('workload templates', () => {
  it('web-app places a container and a database and names its secrets after the workload', () => {
    const t = template('web-app')
    expect([...t.uses].sort()).toEqual(['SECRET', 'database', 'dbHost', 'dockerHost', 'domain', 'image', 'name', 'policy', 'port', 'timezone'])
    expect(workloadSteps(smallInventory(), occupancyOf(smallInventory()), t, 'wisata').map((s) => s.key)).toEqual([
      'image',
      'host',
      'port',
      'dbHost',
      'domain',
      'policy',
    ])
  })

  it('renders typed values and drops backup when the site has no policy', () => {
    const t = template('web-app')
    const vars = {
      ...fixedVars(smallInventory(), 'dinpar', 'wisata-web'),
      ...templateVars(t, {image: 'a:1', host: 'docker1', port: 8000, dbHost: 'db1', domain: 'w.example'}),
    }
    const r = renderTemplate(t, {...vars, policy: 'standard'}, {backup: true})
    expect(r.entries[0]).toMatchObject({
      name: 'wisata-web',
      host: 'docker1',
      port: 8000,
      secrets: ['WISATA_WEB_DB_PASSWORD', 'WISATA_WEB_APP_KEY'],
      backup: {policy: 'standard'},
    })
    expect(r.entries[1]).toMatchObject({name: 'wisata-web-db', databases: ['wisata_web']})
    expect(r.secrets).toEqual(['WISATA_WEB_DB_PASSWORD', 'WISATA_WEB_APP_KEY'])
    const none = renderTemplate(t, vars, {backup: false})
    expect(none.entries.every((e) => !('backup' in e))).toBe(true)
  })

  it('a template with a placeholder nothing fills, or no workloads, is refused with its file', () => {
    const t = parseTemplate('x', 'x.yaml', 'description: x\nworkloads:\n  - name: "{{ nme }}"\n')
    expect(() => renderTemplate(t, {name: 'a'}, {backup: true})).toThrow(/placeholder \{\{ nme \}\} has no value/)
    expect(() => parseTemplate('y', 'y.yaml', 'description: y\nworkloads: []\n')).toThrow(/workloads` is not a non-empty list/)
  })
})

describe('deciding a value', () => {
  const inv = smallInventory()
  const steps = workloadSteps(inv, occupancyOf(inv), template('web-app'), 'wisata')
  const step = (k: string) => steps.find((s) => s.key === k) as (typeof steps)[number]

  it('without a terminal: the computed default, or ONBOARD_VALUE_MISSING naming the flag', async () => {
    expect(await decide(step('host'), undefined, {})).toEqual({value: 'docker1', computed: true})
    await expect(decide(step('image'), undefined, {})).rejects.toMatchObject({
      code: 'ONBOARD_VALUE_MISSING',
      hint: expect.stringContaining('--image'),
    })
  })

  it('a given value is checked and refused outright', async () => {
    await expect(decide(step('port'), 8081, {host: 'docker1'})).rejects.toMatchObject({code: 'ONBOARD_VALUE_INVALID'})
  })

  it('on a terminal: the default is shown, a wrong answer is explained and asked again, empty takes the default', async () => {
    const asker = scripted(['8081', 'x', '8090'])
    expect(await decide(step('port'), undefined, {host: 'docker1'}, asker)).toEqual({value: 8090, computed: false})
    expect(asker.log).toEqual([
      '? published port [8000]',
      '! port "8081" cannot be used: another container on docker1 already publishes it (give another value)',
      '? published port [8000]',
      '! port "x" cannot be used: a positive whole number is needed (give another value)',
      '? published port [8000]',
    ])
    expect(await decide(step('domain'), undefined, {}, scripted(['']))).toEqual({value: 'wisata.kota.example', computed: true})
  })
})

describe('a VM image', () => {
  it('is one of the site images: the template default when the site has it, else the first; others are refused', async () => {
    const inv = smallInventory()
    const at = {file: 'inventory/site.yaml', line: 30, col: 5}
    const image = (name: string) => ({
      name,
      file: `${name}.qcow2`,
      sha256: 'a'.repeat(64),
      source: `/srv/${name}.qcow2`,
      format: 'qcow2' as const,
      at,
    })
    const step = (images: string[]) => workloadSteps({...inv, images: images.map(image)}, occupancyOf(inv), template('vm-app'), 'arsip2')[0] as Step
    expect(await decide(step(['rocky-9', 'debian-12']), undefined, {})).toEqual({value: 'debian-12', computed: true})
    expect(await decide(step(['rocky-9']), undefined, {})).toEqual({value: 'rocky-9', computed: true})
    await expect(decide(step(['rocky-9']), 'rocky9', {})).rejects.toThrow(/did you mean rocky-9\?/)
  })
})
