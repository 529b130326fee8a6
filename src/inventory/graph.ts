import type {Inventory, Workload} from './model.js'

export type GraphNodeType = 'site' | 'network' | 'host' | 'workload'

export interface GraphNode {
  /** Safe identifier for the target syntax: letters, digits and `_` only, unique in the graph. */
  id: string
  type: GraphNodeType
  name: string
  label: string
}

export interface GraphEdge {
  from: string
  to: string
  /** `placement` marks a VM with no pinned hypervisor, attached to its network instead. */
  style: 'solid' | 'placement'
}

export interface InventoryGraph {
  title: string
  nodes: GraphNode[]
  edges: GraphEdge[]
}

export const GRAPH_FORMATS = ['mermaid', 'dot'] as const
export type GraphFormat = (typeof GRAPH_FORMATS)[number]

const ID_PREFIX: Record<GraphNodeType, string> = {site: 'site', network: 'net', host: 'host', workload: 'wl'}

/** Keeps ids to `[A-Za-z0-9_]` and de-duplicates ones that sanitizing made equal. */
const idMaker = () => {
  const used = new Set<string>()
  return (type: GraphNodeType, name: string): string => {
    const base = `${ID_PREFIX[type]}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`
    let id = base
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`
    used.add(id)
    return id
  }
}

const workloadParent = (w: Workload): {type: 'host' | 'network'; name: string} => {
  if (w.kind === 'vm') return w.hypervisor ? {type: 'host', name: w.hypervisor} : {type: 'network', name: w.network}
  return {type: 'host', name: w.host}
}

/** Site → networks → hosts → workloads, in inventory order. References that do not resolve are left out. */
export function buildInventoryGraph(inv: Inventory): InventoryGraph {
  const makeId = idMaker()
  const nodes: GraphNode[] = []
  const edges: GraphEdge[] = []
  const ids = new Map<string, string>()
  const add = (type: GraphNodeType, name: string, label: string): string => {
    const id = makeId(type, name)
    ids.set(`${type}/${name}`, id)
    nodes.push({id, type, name, label})
    return id
  }
  const link = (from: string | undefined, to: string, style: GraphEdge['style'] = 'solid'): void => {
    if (from) edges.push({from, to, style})
  }

  const site = add('site', inv.site.name, `${inv.site.name} (${inv.site.domain})`)
  for (const n of inv.networks) link(site, add('network', n.name, `${n.name} ${n.cidr}`))
  for (const h of inv.hosts) {
    link(ids.get(`network/${h.network}`), add('host', h.name, `${h.name} ${h.address} [${h.roles.join(', ')}]`))
  }
  for (const w of inv.workloads) {
    const parent = workloadParent(w)
    const id = add('workload', w.name, `${w.name} (${w.kind}, ${w.agency})`)
    link(ids.get(`${parent.type}/${parent.name}`), id, parent.type === 'network' ? 'placement' : 'solid')
  }
  return {title: inv.site.name, nodes, edges}
}

// Mermaid entity codes keep quotes, markup and its own `#` escapes from ending or altering a quoted label.
const MERMAID_ESCAPES: Record<string, string> = {'#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '`': '#96;'}
export const escapeMermaidLabel = (s: string): string =>
  s.replace(/[\r\n\t]+/g, ' ').replace(/[#"<>&`]/g, (c) => MERMAID_ESCAPES[c] ?? c)

const MERMAID_SHAPE: Record<GraphNodeType, [string, string]> = {
  site: ['[[', ']]'],
  network: ['{{', '}}'],
  host: ['[', ']'],
  workload: ['(', ')'],
}

export function renderMermaid(g: InventoryGraph): string {
  const lines = ['flowchart LR']
  for (const n of g.nodes) {
    const [open, close] = MERMAID_SHAPE[n.type]
    lines.push(`  ${n.id}${open}"${escapeMermaidLabel(n.label)}"${close}`)
  }
  for (const e of g.edges) lines.push(`  ${e.from} ${e.style === 'placement' ? '-.->' : '-->'} ${e.to}`)
  for (const type of Object.keys(MERMAID_SHAPE) as GraphNodeType[]) {
    const members = g.nodes.filter((n) => n.type === type).map((n) => n.id)
    if (members.length > 0) lines.push(`  class ${members.join(',')} ${type}`)
  }
  lines.push(
    '  classDef site fill:#1f4e79,color:#fff',
    '  classDef network fill:#d9e7f5',
    '  classDef host fill:#fde9c9',
    '  classDef workload fill:#e2f0d9',
  )
  return lines.join('\n') + '\n'
}

/** DOT double-quoted string: backslash first, so `\N`-style escapes in a name stay literal. */
export const escapeDotString = (s: string): string =>
  s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')

const DOT_SHAPE: Record<GraphNodeType, string> = {site: 'doubleoctagon', network: 'hexagon', host: 'box', workload: 'ellipse'}

export function renderDot(g: InventoryGraph): string {
  const lines = [`digraph "${escapeDotString(g.title)}" {`, '  rankdir=LR;', '  node [fontname="Helvetica"];']
  for (const n of g.nodes) lines.push(`  ${n.id} [shape=${DOT_SHAPE[n.type]}, label="${escapeDotString(n.label)}"];`)
  for (const e of g.edges) lines.push(`  ${e.from} -> ${e.to}${e.style === 'placement' ? ' [style=dashed]' : ''};`)
  lines.push('}')
  return lines.join('\n') + '\n'
}

export const renderGraph = (g: InventoryGraph, format: GraphFormat): string =>
  format === 'dot' ? renderDot(g) : renderMermaid(g)
