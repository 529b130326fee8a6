import type {Inventory} from '../inventory/model.js'
import {buildInventoryGraph, renderGraph, type GraphFormat} from '../inventory/graph.js'

/** The `--json` contract of `inventory graph`: the diagram text in the chosen format. */
export interface GraphResult {
  format: GraphFormat
  nodes: number
  edges: number
  text: string
}

export function graphInventory(inv: Inventory, format: GraphFormat): GraphResult {
  const graph = buildInventoryGraph(inv)
  return {format, nodes: graph.nodes.length, edges: graph.edges.length, text: renderGraph(graph, format)}
}
