import type {DeployResult} from '../../services/deploy.js'
import type {StacksSynthResult} from '../../services/stacks-synth.js'
import type {ProvidersMirrorResult} from '../../services/providers-mirror.js'
import type {Painter} from '../style.js'
import {renderPhases} from './plan.js'

export function renderDeploy(r: DeployResult, paint: Painter): string {
  const a = r.audit
  const commit = a.inventoryCommit ? `${a.inventoryCommit.slice(0, 12)}${a.dirty ? ' (dirty)' : ''}` : 'not in git'
  const verdict = r.outcome === 'succeeded' ? paint('green', 'deploy succeeded') : paint('red', 'deploy failed')
  return `${renderPhases(r.phases, paint)}\n${verdict} (site ${r.site}${r.env ? `, env ${r.env}` : ''}, inventory ${commit}, ${(a.durationMs / 1000).toFixed(1)}s; recorded in the audit log)`
}

export function renderSynth(r: StacksSynthResult, paint: Painter): string {
  const lines = r.stacks.map((s) => `${s.stack}  ${s.containers} container${s.containers === 1 ? '' : 's'}  ${s.written.length === 0 ? paint('dim', 'unchanged') : paint('yellow', `wrote ${s.written.join(', ')}`)}${s.needsInit ? '  (init pending)' : ''}`)
  lines.push(`${r.stacks.length} stack${r.stacks.length === 1 ? '' : 's'}, ${r.written} rewritten, ${r.durationMs} ms`)
  return lines.join('\n')
}

export const renderMirror = (r: ProvidersMirrorResult, paint: Painter): string =>
  `${paint('green', 'mirrored')} ${r.providers.join(', ')} for ${r.platforms.join(', ')} into ${r.dir}\nnext: copy ${r.dir} to the air-gapped site and set terraform.providerMirror to its path there`
