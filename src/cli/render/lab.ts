import type {LabDownResult} from '../../services/lab/down.js'
import type {LabStatusResult} from '../../services/lab/status.js'
import type {LabUpResult} from '../../services/lab/up.js'
import type {Painter} from '../style.js'
import {renderTable} from './table.js'

export function renderLabUp(r: LabUpResult, paint: Painter): string {
  const table = renderTable(
    [
      {header: 'HOST', value: (h: LabUpResult['hosts'][number]) => h.name},
      {header: 'CONTAINER', value: (h) => h.container},
      {header: 'ADDRESS', value: (h) => `${h.address}:${h.port}`},
      {header: 'ACTION', value: (h) => h.action},
      {header: 'HOST KEY', value: (h) => h.hostKey},
    ],
    r.hosts,
    paint,
  )
  const lines = [table]
  if (r.removed.length > 0) lines.push(`removed: ${r.removed.join(', ')}`)
  lines.push(`image: ${r.image}`, `overlay: ${r.overlay} (select it with --env lab)`, `ssh key: ${r.identityFile}`)
  return lines.join('\n')
}

export function renderLabStatus(r: LabStatusResult, paint: Painter): string {
  const table = renderTable(
    [
      {header: 'HOST', value: (h: LabStatusResult['hosts'][number]) => h.name},
      {header: 'CONTAINER', value: (h) => h.container},
      {header: 'ADDRESS', value: (h) => `${h.address}:${h.port}`},
      {header: 'STATE', value: (h) => h.state},
      {header: 'SSHD', value: (h) => (h.sshd ? 'answers' : 'down')},
    ],
    r.hosts,
    paint,
  )
  const lines = [table]
  if (r.strays.length > 0) lines.push(`not in the inventory: ${r.strays.join(', ')} (kotadc lab up removes them)`)
  lines.push(r.ready ? paint('green', `lab ${r.site}: ready`) : paint('yellow', `lab ${r.site}: not ready (run kotadc lab up)`))
  return lines.join('\n')
}

export function renderLabDown(r: LabDownResult): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
  const lines = [`lab ${r.site}: removed ${count(r.containers.length, 'container')} and ${count(r.networks.length, 'network')}`]
  if (r.overlay) lines.push(`removed ${r.overlay}`)
  if (r.overlayKept) lines.push(`kept ${r.overlayKept}: not written by kotadc lab up`)
  return lines.join('\n')
}
