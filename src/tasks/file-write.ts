import {createHash} from 'node:crypto'
import type {FileInfo} from '../facts/file.js'
import {atomicWriteSteps} from './atomic-write.js'
import type {Change} from './change.js'
import {change, noChange} from './change.js'
import {cmd, sudo} from './cmd.js'
import {contentDiff} from './diff.js'
import {notARegularFile} from '../errors/tasks.js'
import type {FileContent, Step} from './step.js'
import {revealContent, run} from './step.js'

/** Where a file-like task writes, and the attributes it wants (unset: keep the current ones, or root:root 0644). */
export interface FileTarget {
  path: string
  owner?: string
  group?: string
  mode?: string
  validate?: string
}

/** Plan replacing a file's content and attributes: no change, an attribute fix, or an atomic write with a diff. */
export function planFileWrite(target: FileTarget, content: FileContent, before: FileInfo, token: string): Change {
  const {path} = target
  if (before.exists && before.type !== 'file') throw notARegularFile(path, before.type)
  const owner = target.owner ?? (before.exists ? before.owner : 'root')
  const group = target.group ?? (before.exists ? before.group : 'root')
  const mode = target.mode ?? (before.exists ? before.mode : '0644')
  const sha = createHash('sha256').update(revealContent(content)).digest('hex')
  if (!before.exists || before.sha256 !== sha) {
    const steps = atomicWriteSteps({path, content, owner, group, mode, token, ...(target.validate ? {validate: target.validate} : {})})
    return change(`${before.exists ? 'update' : 'create'} ${path}`, steps, contentDiff(path, before, content))
  }
  const steps: Step[] = []
  const fixes: string[] = []
  if (owner !== before.owner || group !== before.group) {
    steps.push(run(sudo(cmd('chown', `${owner}:${group}`, '--', path))))
    fixes.push(`owner ${before.owner}:${before.group} → ${owner}:${group}`)
  }
  if (mode !== before.mode) {
    steps.push(run(sudo(cmd('chmod', mode, '--', path))))
    fixes.push(`mode ${before.mode} → ${mode}`)
  }
  return steps.length === 0 ? noChange(`${path} is up to date`) : change(`fix ${path}: ${fixes.join(', ')}`, steps)
}
