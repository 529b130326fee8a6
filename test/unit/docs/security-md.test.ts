import {existsSync, readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')
const text = readFileSync(path.join(root, 'SECURITY.md'), 'utf8')

/** Repository paths SECURITY.md cites as `src/…`, `stacks/…` or `test/…`; a trailing `*` is a prefix. */
const cited = [...text.matchAll(/`((?:src|stacks|test)\/[\w./*-]+)`/g)].map((m) => m[1] as string)

describe('SECURITY.md', () => {
  it('cites enforcement code and attack tests', () => {
    expect(cited.filter((p) => p.startsWith('test/')).length).toBeGreaterThan(15)
    expect(cited.filter((p) => !p.startsWith('test/')).length).toBeGreaterThanOrEqual(5)
  })

  it('cites only files that exist, so a move or rename cannot leave it pointing nowhere', () => {
    const missing = cited.filter((p) => {
      if (!p.endsWith('*')) return !existsSync(path.join(root, p))
      const dir = path.dirname(p)
      const prefix = path.basename(p).slice(0, -1)
      return !existsSync(path.join(root, dir)) || !readdirSync(path.join(root, dir)).some((n) => n.startsWith(prefix))
    })
    expect(missing).toEqual([])
  })
})
