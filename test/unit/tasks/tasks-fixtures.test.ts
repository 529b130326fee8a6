import {createHash} from 'node:crypto'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {isOpsError} from '../../../src/errors/ops-error.js'
import type {FileInfo} from '../../../src/facts/file.js'
import {parseTaskArgs} from '../../../src/tasks/registry.js'
import {displayStep} from '../../../src/tasks/step.js'
import type {TaskContext} from '../../../src/tasks/context.js'
import {listFixtures, readFixture} from './fixture-yaml.js'

const DIR = fileURLToPath(new URL('../../fixtures/tasks', import.meta.url))

interface Expected {
  changed?: boolean
  commands?: string[]
  diff?: string
  reason?: string
  error?: string
}

// Fixtures write file content as text; the fact carries bytes and their sha256, as the real parser produces.
const factFrom = (v: unknown): unknown => {
  if (v === null || typeof v !== 'object' || !('exists' in v) || !(v as FileInfo).exists) return v
  const f = {...(v as Record<string, unknown>)}
  if (typeof f.content === 'string') {
    const bytes = Buffer.from(f.content, 'utf8')
    f.sha256 ??= createHash('sha256').update(bytes).digest('hex')
    f.size ??= bytes.length
    f.content = bytes
  }
  return f
}

describe.each(listFixtures(DIR))('task %s', (type, name, file) => {
  it(name, () => {
    const fx = readFixture(file)
    const expected = fx.expected as Expected
    const parsed = parseTaskArgs(type, fx.args)
    if (!parsed.ok) throw new Error(`fixture args invalid: ${JSON.stringify(parsed.issues)}`)
    const {task, args} = parsed.value
    const rawFacts = (fx.facts ?? {}) as Record<string, unknown>
    expect(Object.keys(task.facts(args)).sort()).toEqual(Object.keys(rawFacts).sort())
    const facts = Object.fromEntries(Object.entries(rawFacts).map(([k, v]) => [k, factFrom(v)]))
    const templates = (fx.templates ?? {}) as Record<string, string>
    const files = (fx.files ?? {}) as Record<string, string>
    const vars = (fx.variables ?? {}) as Partial<TaskContext['variables']>
    const ctx: TaskContext = {
      token: 'T0K3N1',
      template: (n) => templates[n],
      repoFile: (p) => files[p],
      variables: {host: vars.host ?? {}, site: vars.site ?? {}, playbook: vars.playbook ?? {}},
    }
    if (expected.error) {
      let caught: unknown
      try {
        task.plan(args, facts, ctx)
      } catch (e) {
        caught = e
      }
      expect(isOpsError(caught) ? caught.code : caught).toBe(expected.error)
      return
    }
    const result = task.plan(args, facts, ctx)
    expect(result.changed).toBe(expected.changed)
    if (!result.changed) {
      if (expected.reason) expect(result.reason).toBe(expected.reason)
      return
    }
    expect(result.steps.map(displayStep)).toEqual(expected.commands)
    if (expected.diff !== undefined) expect(result.diff).toBe(expected.diff)
  })
})
