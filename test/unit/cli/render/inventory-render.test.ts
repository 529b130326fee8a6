import {describe, expect, it} from 'vitest'
import {renderListResult} from '../../../../src/cli/render/inventory-list.js'
import {formatValue, renderShowResult} from '../../../../src/cli/render/inventory-show.js'
import {listInventory} from '../../../../src/services/inventory-list.js'
import {showInventoryObject} from '../../../../src/services/inventory-show.js'
import {smallInventory} from '../../../helpers/small-inventory.js'

describe('renderListResult', () => {
  it('renders hosts as a table with dashes for missing resources', () => {
    expect(renderListResult(listInventory(smallInventory(), 'hosts')).split('\n')).toEqual([
      'NAME     ADDRESS     NETWORK  ROLES            CPUS  MEM GIB  WORKLOADS',
      'hv1      10.10.0.11  mgmt     hypervisor         16       64          1',
      'docker1  10.10.0.21  mgmt     docker              -        -          1',
      'db1      10.10.0.31  mgmt     database,backup     -        -          1',
      'backup1  10.10.0.41  mgmt     backup              -        -          0',
    ])
  })

  it('renders workloads with the domain, or the address of a VM without one', () => {
    const lines = renderListResult(listInventory(smallInventory(), 'workloads', {agency: 'setda'})).split('\n')
    expect(lines).toEqual([
      'NAME      AGENCY  KIND  HOST  PORT  BACKUP  ENDPOINT',
      'arsip     setda   vm    hv1      -  -       10.20.0.50',
      'floating  setda   vm    -        -  -       10.20.0.51',
    ])
  })

  it('says so when nothing matches', () => {
    expect(renderListResult(listInventory(smallInventory(), 'hosts', {role: 'dns'}))).toBe('no hosts match')
  })
})

describe('renderShowResult', () => {
  it('shows the heading with file:line, every field, and the related objects', () => {
    const text = renderShowResult(showInventoryObject(smallInventory(), 'simpus'))
    const lines = text.split('\n')
    expect(lines[0]).toBe('workload simpus  defined at inventory/agencies/dinkes.yaml:6:5')
    expect(text).toMatch(/^secrets +SIMPUS_DB_PASSWORD$/m)
    expect(text).toMatch(/^volumes +\{name=uploads path=\/app\/uploads\}$/m)
    expect(text).toMatch(/^backup +policy=standard volumes=uploads$/m)
    expect(text).toMatch(/^owned by +agency +dinkes +inventory\/agencies\/dinkes.yaml:2:5$/m)
    expect(text).toMatch(/^backed up by +backup policy +standard +inventory\/site.yaml:20:5$/m)
  })

  it('says when nothing is related', () => {
    const inv = smallInventory()
    inv.agencies.push({code: 'dprd', name: 'Sekretariat DPRD', at: {file: 'inventory/agencies/dprd.yaml', line: 2, col: 3}})
    expect(renderShowResult(showInventoryObject(inv, 'dprd')).endsWith('related: (none)')).toBe(true)
  })

  it('formats nested values on one line', () => {
    expect(formatValue({a: 1, b: {c: [1, 2]}, d: []})).toBe('a=1 b={c=1, 2} d=(none)')
    expect(formatValue(null)).toBe('-')
  })
})
