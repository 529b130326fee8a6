import {describe, expect, it} from 'vitest'
import {buildInventoryGraph, escapeDotString, escapeMermaidLabel, renderDot, renderGraph, renderMermaid} from '../../../src/inventory/graph.js'
import {smallInventory} from '../../helpers/small-inventory.js'

describe('buildInventoryGraph', () => {
  it('links site → networks → hosts → workloads, with unplaced VMs hanging off their network', () => {
    const g = buildInventoryGraph(smallInventory())
    expect(g.nodes.map((n) => n.id)).toEqual([
      'site_dc1', 'net_mgmt', 'net_services', 'host_hv1', 'host_docker1', 'host_db1', 'host_backup1',
      'wl_simpus', 'wl_simpus_db', 'wl_arsip', 'wl_floating',
    ])
    expect(g.edges).toEqual([
      {from: 'site_dc1', to: 'net_mgmt', style: 'solid'},
      {from: 'site_dc1', to: 'net_services', style: 'solid'},
      {from: 'net_mgmt', to: 'host_hv1', style: 'solid'},
      {from: 'net_mgmt', to: 'host_docker1', style: 'solid'},
      {from: 'net_mgmt', to: 'host_db1', style: 'solid'},
      {from: 'net_mgmt', to: 'host_backup1', style: 'solid'},
      {from: 'host_docker1', to: 'wl_simpus', style: 'solid'},
      {from: 'host_db1', to: 'wl_simpus_db', style: 'solid'},
      {from: 'host_hv1', to: 'wl_arsip', style: 'solid'},
      {from: 'net_services', to: 'wl_floating', style: 'placement'},
    ])
  })

  it('keeps ids unique when sanitizing makes two names equal', () => {
    const inv = smallInventory()
    inv.hosts.push({...inv.hosts[1]!, name: 'docker_1'}, {...inv.hosts[1]!, name: 'docker.1'})
    const ids = buildInventoryGraph(inv).nodes.map((n) => n.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toContain('host_docker_1_2')
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_]+$/)
  })
})

describe('renderMermaid', () => {
  it('prints a flowchart with quoted labels, shapes per type and a dashed edge for placement', () => {
    const text = renderMermaid(buildInventoryGraph(smallInventory()))
    expect(text.split('\n').slice(0, 5)).toEqual([
      'flowchart LR',
      '  site_dc1[["dc1 (kota.example)"]]',
      '  net_mgmt{{"mgmt 10.10.0.0/24"}}',
      '  net_services{{"services 10.20.0.0/22"}}',
      '  host_hv1["hv1 10.10.0.11 [hypervisor]"]',
    ])
    expect(text).toContain('  wl_simpus_db("simpus-db (postgres, dinkes)")\n')
    expect(text).toContain('  host_docker1 --> wl_simpus\n')
    expect(text).toContain('  net_services -.-> wl_floating\n')
    expect(text).toContain('  class wl_simpus,wl_simpus_db,wl_arsip,wl_floating workload\n')
    expect(text.endsWith('\n')).toBe(true)
  })

  it('escapes every character that could end a label or inject markup', () => {
    expect(escapeMermaidLabel('a"] --> x["b')).toBe('a#quot;] --#gt; x[#quot;b')
    expect(escapeMermaidLabel('<b>#quot;`x`&\nnext')).toBe('#lt;b#gt;#35;quot;#96;x#96;#amp; next')
    const inv = smallInventory()
    inv.site.name = 'evil"]\nclick site_dc1 call alert()'
    const text = renderGraph(buildInventoryGraph(inv), 'mermaid')
    const siteLine = text.split('\n')[1]!
    expect(siteLine.startsWith('  site_evil')).toBe(true)
    expect(siteLine.match(/"/g)).toHaveLength(2)
    expect(text).not.toMatch(/^click/m)
  })
})

describe('renderDot', () => {
  it('prints a digraph with one statement per node and edge', () => {
    const lines = renderDot(buildInventoryGraph(smallInventory())).trimEnd().split('\n')
    expect(lines.slice(0, 5)).toEqual([
      'digraph "dc1" {',
      '  rankdir=LR;',
      '  node [fontname="Helvetica"];',
      '  site_dc1 [shape=doubleoctagon, label="dc1 (kota.example)"];',
      '  net_mgmt [shape=hexagon, label="mgmt 10.10.0.0/24"];',
    ])
    expect(lines).toContain('  wl_arsip [shape=ellipse, label="arsip (vm, setda)"];')
    expect(lines).toContain('  host_hv1 -> wl_arsip;')
    expect(lines).toContain('  net_services -> wl_floating [style=dashed];')
    expect(lines.at(-1)).toBe('}')
  })

  it('escapes quotes, backslashes and newlines in labels and the graph name', () => {
    expect(escapeDotString('a"b\\N\nc')).toBe('a\\"b\\\\N\\nc')
    const inv = smallInventory()
    inv.site.name = 'x"; evil [label="y'
    const text = renderGraph(buildInventoryGraph(inv), 'dot')
    expect(text.split('\n')[0]).toBe('digraph "x\\"; evil [label=\\"y" {')
  })
})
