/**
 * Just enough XML for libvirt's own output (domain and capability documents): elements, attributes and text, with
 * the five predefined entities and numeric references. No DTDs, no namespaces resolved: libvirt writes none that
 * matter here, and what it does write is well-formed.
 */
export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  text: string
}

const ENTITIES: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"}
const decode = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
    return ENTITIES[e] ?? m
  })

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:'[^']*'|"[^"]*"))*)\s*(\/?)>|([^<]+)/g
const ATTR = /([\w:.-]+)\s*=\s*(?:'([^']*)'|"([^"]*)")/g

/** The document element, or undefined when the text is not a well-formed element tree. */
export function parseXml(text: string): XmlElement | undefined {
  const root: XmlElement = {name: '#document', attrs: {}, children: [], text: ''}
  const stack = [root]
  let consumed = 0
  for (const m of text.matchAll(TOKEN)) {
    if (m.index !== consumed) return undefined
    consumed += m[0].length
    const top = stack[stack.length - 1] as XmlElement
    if (m[1] !== undefined) top.text += m[1]
    else if (m[6] !== undefined) top.text += decode(m[6])
    else if (m[3] !== undefined) {
      if (m[2] === '/') {
        if (top.name !== m[3] || stack.length === 1) return undefined
        stack.pop()
        continue
      }
      const attrs: Record<string, string> = {}
      for (const a of (m[4] ?? '').matchAll(ATTR)) attrs[a[1] as string] = decode(a[2] ?? a[3] ?? '')
      const el: XmlElement = {name: m[3], attrs, children: [], text: ''}
      top.children.push(el)
      if (m[5] !== '/') stack.push(el)
    }
  }
  if (consumed !== text.length || stack.length !== 1) return undefined
  return root.children.length === 1 ? root.children[0] : undefined
}

export const childOf = (el: XmlElement | undefined, name: string): XmlElement | undefined => el?.children.find((c) => c.name === name)
export const childrenOf = (el: XmlElement | undefined, name: string): XmlElement[] => el?.children.filter((c) => c.name === name) ?? []
/** Follows a path of element names from `el`. */
export const at = (el: XmlElement | undefined, ...path: string[]): XmlElement | undefined =>
  path.reduce<XmlElement | undefined>((e, n) => childOf(e, n), el)
