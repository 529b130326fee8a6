import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {Config} from '@oclif/core'
import {parse} from 'yaml'
import {beforeAll, describe, expect, it} from 'vitest'

const repo = join(import.meta.dirname, '..', '..', '..')
const doc = (name: string): unknown => parse(readFileSync(join(repo, 'docs', 'ci', name), 'utf8'))

/** Every shell script of a pipeline: GitLab's script/before_script lists (jobs and default), GitHub's step `run`s. */
function scripts(pipeline: unknown): string[] {
  const out: string[] = []
  const walk = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) {
      if (key === 'script' || key === 'before_script') out.push(...v.filter((x): x is string => typeof x === 'string'))
      else v.forEach((x) => walk(x))
    } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k)
    else if (key === 'run' && typeof v === 'string') out.push(v)
  }
  walk(pipeline)
  return out
}

/** Words of a shell line, quotes removed; operators (`||`, `&&`, `;`, `|`, redirections) are words of their own. */
function words(line: string): string[] {
  const out: string[] = []
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\|\||&&|[;|]|\d?>>?)|([^\s"'|;&>]+)/g)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '')
  return out
}

/** Each `kotadc …` / `npx kotadc …` invocation in a script: its arguments up to the next operator. */
function invocations(script: string): string[][] {
  const found: string[][] = []
  for (const line of script.replace(/\\\n/g, ' ').split('\n')) {
    const w = words(line)
    for (let i = 0; i < w.length; i++) {
      if (w[i] !== 'kotadc' || (i > 0 && !['npx', '||', '&&', ';', '|'].includes(w[i - 1] ?? ''))) continue
      const args: string[] = []
      for (let j = i + 1; j < w.length && !/^(\|\||&&|[;|]|\d?>>?)$/.test(w[j] ?? ''); j++) args.push(w[j] ?? '')
      found.push(args)
    }
  }
  return found
}

interface Checked {
  id: string
  flags: string[]
}

let config: Config
beforeAll(async () => {
  // The built CLI's own command registry (oclif manifest and command classes): the same lookup `npx kotadc` does.
  config = await Config.load({root: repo})
})

/** Resolves the command id from the leading words and checks every flag against the command's own definition. */
function check(args: string[]): Checked {
  const ids = new Set(config.commands.map((c) => c.id))
  let n = 0
  for (let k = 1; k <= args.length && !(args[k - 1] ?? '').startsWith('-'); k++) if (ids.has(args.slice(0, k).join(':'))) n = k
  const id = args.slice(0, n).join(':')
  const cmd = config.findCommand(id)
  if (!cmd || n === 0) throw new Error(`kotadc ${args.join(' ')}: no such command`)
  const defs = cmd.flags
  const flags: string[] = []
  for (let i = n; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (!arg.startsWith('--')) throw new Error(`kotadc ${id}: unexpected argument ${arg}`)
    const [name = '', inline] = arg.slice(2).split('=', 2)
    const def = defs[name]
    if (!def) throw new Error(`kotadc ${id.replace(/:/g, ' ')} has no flag --${name}`)
    flags.push(name)
    if (def.type !== 'option') continue
    const value = inline ?? args[++i]
    if (value === undefined) throw new Error(`kotadc ${id} --${name} needs a value`)
    if (def.options && !value.startsWith('$') && !def.options.includes(value))
      throw new Error(`kotadc ${id} --${name} ${value}: not one of ${def.options.join(', ')}`)
  }
  return {id, flags}
}

describe.each(['gitlab-ci.yml', 'github-actions.yml'])('docs/ci/%s', (file) => {
  it('every kotadc command it runs exists with those flags: validate, plan --out --format markdown, deploy --plan', () => {
    const checked = scripts(doc(file)).flatMap(invocations).map(check)
    expect(checked.map((c) => c.id)).toEqual(expect.arrayContaining(['validate', 'plan', 'deploy']))
    expect(checked.find((c) => c.id === 'plan')?.flags).toEqual(expect.arrayContaining(['out', 'format']))
    expect(checked.find((c) => c.id === 'deploy')?.flags).toContain('plan')
    // The plan was reviewed and approved in the pipeline: deploy must not carry --yes (a saved plan needs none).
    expect(checked.filter((c) => c.id === 'deploy').every((c) => !c.flags.includes('yes'))).toBe(true)
  })
})

describe('the checker itself', () => {
  it('refuses a command or a flag kotadc does not have, and a value outside a flag’s options', () => {
    expect(() => check(['deploy', '--plann', 'x'])).toThrow('kotadc deploy has no flag --plann')
    expect(() => check(['plans'])).toThrow('no such command')
    expect(() => check(['plan', '--format', 'html'])).toThrow('not one of text, markdown')
    expect(check(['secrets', 'recipients', 'list', '--json'])).toEqual({id: 'secrets:recipients:list', flags: ['json']})
  })

  it('finds invocations behind npx, after operators, and stops at redirections', () => {
    expect(invocations('npx kotadc plan --out "p.age" --format markdown > plan.md || test $? -eq 2')).toEqual([['plan', '--out', 'p.age', '--format', 'markdown']])
    expect(invocations('echo kotadc && kotadc validate')).toEqual([['validate']])
  })
})
