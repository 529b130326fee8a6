import {describe, expect, it} from 'vitest'
import {createProgress, progressMode} from '../../../src/cli/progress.js'
import type {RunEvent} from '../../../src/exec/runner/types.js'

const events: RunEvent[] = [
  {kind: 'start', hosts: ['a', 'b']},
  {kind: 'task', host: 'a', task: 'motd', status: 'running', summary: ''},
  {kind: 'task', host: 'a', task: 'motd', status: 'changed', summary: 'write /etc/motd'},
  {kind: 'task', host: 'b', task: 'motd', status: 'failed', summary: 'permission denied\nmore'},
  {kind: 'host-done', host: 'a', status: 'changed'},
  {kind: 'host-done', host: 'b', status: 'failed'},
]

const lines = (mode: ReturnType<typeof progressMode>): string[] => {
  const out: string[] = []
  const p = createProgress(mode, (l) => out.push(l))
  for (const e of events) p.onEvent(e)
  return out
}

describe('deploy progress', () => {
  it('on a terminal (summary to follow) shows only failures, as they happen', () => {
    expect(progressMode(false, true, true)).toBe('failures')
    expect(lines('failures')).toEqual(['[b] failed  motd: permission denied', '[b] failed'])
  })

  it('without a terminal (CI logs) or with --verbose: a line per task and host; under --json nothing', () => {
    expect(progressMode(false, false, true)).toBe('plain')
    expect(lines('plain')).toHaveLength(4)
    expect(progressMode(true, true, true)).toBe('silent')
    expect(lines('silent')).toEqual([])
  })
})
