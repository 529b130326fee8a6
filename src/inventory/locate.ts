import {isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node} from 'yaml'
import type {SourceLocation} from '../errors/ops-error.js'

/**
 * The one place that maps a key path in a parsed YAML file to a line and column.
 * (yaml 3 drops `getIn()`, so path-to-node lookup stays behind this module.)
 */
export type PathSegment = string | number
export type KeyPath = readonly PathSegment[]

/** What an issue points at: the value at the path, or the key naming it (unknown keys). */
export type LocateTarget = 'value' | 'key'

export interface ParsedFile {
  /** File name as shown to the user. */
  file: string
  doc: Document
  lineCounter: LineCounter
  /** The file's text, for positions inside a scalar (locateInValue); without it they fall back to the scalar. */
  text?: string
}

/** `hosts[3].resources.cpus`: the key path as users read it. */
export function formatPath(path: KeyPath): string {
  let out = ''
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg
  return out
}

interface Found {
  node: Node | null
  keyNode: Node | null
  /** True when the whole path resolved; otherwise `node` is the deepest existing ancestor. */
  complete: boolean
}

function find(pf: ParsedFile, path: KeyPath): Found {
  let node: unknown = pf.doc.contents
  let keyNode: Node | null = null
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(pf.doc)
    let next: unknown
    let nextKey: Node | null = null
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value === seg || String(p.key.value) === String(seg) : p.key === seg))
      if (pair) {
        next = pair.value
        nextKey = (pair.key as Node | null) ?? null
        // `key:` with nothing after it has no value node; point at the key instead.
        const empty = next === null || next === undefined || (isScalar(next) && next.value === null && next.range?.[0] === next.range?.[1])
        if (empty) return {node: nextKey, keyNode: nextKey, complete: true}
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg]
    }
    if (next === undefined || next === null) return {node: node as Node | null, keyNode, complete: false}
    node = next
    keyNode = nextKey
  }
  return {node: node as Node | null, keyNode, complete: true}
}

function position(pf: ParsedFile, node: Node | null): SourceLocation {
  const offset = node?.range?.[0]
  if (offset === undefined) return {file: pf.file, line: 1, col: 1}
  const {line, col} = pf.lineCounter.linePos(offset)
  return {file: pf.file, line: Math.max(1, line), col: Math.max(1, col)}
}

/**
 * Location of the node at `path`. A path that does not exist (a missing key) resolves to its deepest
 * existing ancestor, which is where users add the key. `key` points at the key of a mapping entry.
 */
export function locate(pf: ParsedFile, path: KeyPath, target: LocateTarget = 'value'): SourceLocation {
  const found = find(pf, path)
  if (target === 'key' && found.complete && found.keyNode) return position(pf, found.keyNode)
  return position(pf, found.node)
}

/** Location of a byte offset (YAML parser errors carry offsets). */
export function locateOffset(pf: ParsedFile, offset: number): SourceLocation {
  const {line, col} = pf.lineCounter.linePos(offset)
  return {file: pf.file, line: Math.max(1, line), col: Math.max(1, col)}
}

/**
 * Location of a position (1-based row and column) inside the string value at `path`, e.g. a variable inside
 * `"/srv/{{ host.nmae }}"`. The value's text from that position is looked up in the scalar's source, so quotes,
 * block scalars and indentation are accounted for; escapes that change the text fall back to the scalar's start.
 */
export function locateInValue(pf: ParsedFile, path: KeyPath, value: string, pos: {row: number; col: number}): SourceLocation {
  const {node} = find(pf, path)
  const range = node?.range
  if (pf.text === undefined || !range) return position(pf, node)
  const lines = value.split('\n')
  const offset = lines.slice(0, pos.row - 1).reduce((n, l) => n + l.length + 1, 0) + pos.col - 1
  const rest = lines[pos.row - 1]?.slice(pos.col - 1) ?? ''
  const needle = rest.slice(0, 24)
  if (needle === '') return position(pf, node)
  const source = pf.text.slice(range[0], range[1])
  // The k-th occurrence in the value is the k-th in the source: earlier identical text precedes it in both.
  let k = 0
  for (let i = value.indexOf(needle); i >= 0 && i < offset; i = value.indexOf(needle, i + 1)) k++
  let at = -1
  for (let i = 0; i <= k; i++) {
    at = source.indexOf(needle, at + 1)
    if (at < 0) return position(pf, node)
  }
  return locateOffset(pf, range[0] + at)
}
