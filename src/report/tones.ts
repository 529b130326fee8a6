import {RENEW_WITHIN_DAYS} from '../pki/cert-plan.js'
import type {BackupStatus, CertificateStatus, DeployStatus, HostStatus, OverallState, WorkloadStatus} from '../status/model.js'
import type {Tone} from './parts.js'

/** The one place that decides which colour a state gets on the page. */
export const overallTone = (s: OverallState): Tone => (({ok: 'ok', attention: 'warn', unreachable: 'bad'}) as const)[s]

export const hostTone = (h: HostStatus): Tone => (h.reachable ? 'ok' : 'bad')

export function workloadTone(w: WorkloadStatus): Tone {
  if (w.state === 'running') return w.port && !w.port.answering ? 'warn' : 'ok'
  return ({stopped: 'bad', 'not-deployed': 'warn', unknown: 'muted'} as const)[w.state]
}

export const backupTone = (b: BackupStatus): Tone => (({fresh: 'ok', stale: 'bad', never: 'bad', unplanned: 'muted'}) as const)[b.status]

export const drillTone = (b: BackupStatus): Tone => (!b.lastDrill ? 'warn' : b.lastDrill.passed ? 'ok' : 'bad')

/** Certificates turn amber when kotadc would renew them (pki's window), red when expired or missing. */
export function certificateTone(c: CertificateStatus): Tone {
  if (c.daysLeft === null || c.daysLeft < 0) return 'bad'
  return c.daysLeft <= RENEW_WITHIN_DAYS ? 'warn' : 'ok'
}

export const deployTone = (d: DeployStatus): Tone => (({succeeded: 'ok', failed: 'bad', interrupted: 'warn'}) as const)[d.outcome]

/** Disk and memory bars: amber from 80 %, red from 90 %. */
export const usageTone = (pct: number): Tone => (pct >= 90 ? 'bad' : pct >= 80 ? 'warn' : 'ok')
