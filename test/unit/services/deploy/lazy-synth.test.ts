import {existsSync, readFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'

// Value imports and re-exports (not `import type`), and side-effect imports, of a TypeScript file.
const IMPORT = /^(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?'([^']+)'/gm

/** Every package a module loads at start-up, following static imports through src/ and stacks/. */
function packagesLoadedBy(entry: string): Set<string> {
  const seen = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (!spec) continue
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string))
        continue
      }
      const ts = resolve(dirname(file), spec.replace(/\.js$/, '.ts'))
      if (existsSync(ts)) visit(ts)
    }
  }
  visit(resolve(entry))
  return packages
}

describe('what a site run loads before it needs it', () => {
  it.each(['deploy', 'plan', 'drift'])('kotadc %s does not load cdktf until a stack is synthesized (~100 ms of every run)', (command) => {
    const loaded = packagesLoadedBy(join('src', 'commands', `${command}.ts`))
    expect(loaded).toContain('ssh2')
    expect([...loaded].filter((p) => p === 'cdktf' || p.startsWith('@cdktf/'))).toEqual([])
  })
})
