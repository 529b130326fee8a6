import {describe, expect, it} from 'vitest'
import {fileFact} from '../../../src/facts/file.js'
import {Secret} from '../../../src/inventory/secret.js'
import type {TaskContext} from '../../../src/tasks/context.js'
import {displayStep, revealContent} from '../../../src/tasks/step.js'
import {commandTask} from '../../../src/tasks/types/command.js'
import {fileTask} from '../../../src/tasks/types/file.js'
import {lineTask} from '../../../src/tasks/types/line.js'
import {templateTask} from '../../../src/tasks/types/template.js'

const VALUE = 'TopSecret-42'
const secret = new Secret('APP_TOKEN', VALUE)
const old = {
  exists: true as const,
  type: 'file' as const,
  mode: '0600',
  owner: 'root',
  group: 'root',
  size: 4,
  sha256: 'x',
  content: Buffer.from('old\n'),
}
const ctx = (playbook: Record<string, unknown> = {}): TaskContext => ({
  token: 'abc123',
  template: (n) => (n === 't' ? 'token={{ token }}\nhost={{ host.name }}\n' : undefined),
  repoFile: () => undefined,
  variables: {host: {name: 'h1'}, site: {}, playbook},
})

const leaks = (change: unknown): boolean => {
  const c = change as {steps?: Parameters<typeof displayStep>[0][]; diff?: string; summary?: string}
  const texts = [JSON.stringify(change), c.diff ?? '', c.summary ?? '', ...(c.steps ?? []).map(displayStep)]
  return texts.some((t) => t.includes(VALUE))
}

describe('secrets never leave a Change in text form', () => {
  it('file content', () => {
    const ch = fileTask.plan({path: '/etc/t', content: secret}, {file: old}, ctx())
    expect(ch.changed && ch.diff).toBe('(content hidden: contains secrets)')
    expect(leaks(ch)).toBe(false)
    const put = ch.changed ? ch.steps[0] : undefined
    expect(put?.kind === 'put' && revealContent(put.content).toString()).toBe(`${VALUE}`)
  })

  it('template variables (nested in host vars too)', () => {
    const ch = templateTask.plan({src: 't', dest: '/etc/t'}, {file: old}, ctx({token: secret}))
    expect(leaks(ch)).toBe(false)
    const put = ch.changed ? ch.steps[0] : undefined
    expect(put?.kind === 'put' && revealContent(put.content).toString()).toBe(`token=${VALUE}\nhost=h1\n`)
  })

  it('a template that does not use the secret keeps its diff', () => {
    const c = {...ctx({token: 'plain', unused: secret}), template: () => 'x={{ token }}\n'}
    const ch = templateTask.plan({src: 't', dest: '/etc/t'}, {file: old}, c)
    expect(ch.changed && ch.diff).toContain('+x=plain')
  })

  it('line and command arguments', () => {
    const line = lineTask.plan({path: '/etc/t', line: secret, state: 'present'}, {file: old}, ctx())
    expect(leaks(line)).toBe(false)
    const command = commandTask.plan({argv: ['tool', '--token', secret], sudo: true, check: false}, {}, ctx())
    expect(leaks(command)).toBe(false)
    expect(command.changed && displayStep(command.steps[0]!)).toBe('sudo -n tool --token ***')
  })

  it('fact requests built from secrets do not carry them in their key', () => {
    expect(fileFact({path: '/x', content: true}).key).not.toContain(VALUE)
  })
})
