/**
 * The `kotadc status --json` contract, and the only input of `kotadc report`: the report renders a saved snapshot
 * (`report --from status.json`) exactly as it renders a live one, so everything the page shows must be in here.
 * `version` changes whenever a field is removed or changes meaning; adding an optional field keeps it.
 */
export const STATUS_VERSION = 1

/** `ok`: all is well; `attention`: something needs a person (exit 2); `unreachable`: hosts could not be asked (exit 3). */
export type OverallState = 'ok' | 'attention' | 'unreachable'

/** One thing that needs attention, problems first in every view, each with the command that shows more. */
export interface StatusProblem {
  /** `host`, `workload`, `certificate`, `backup`, `drill` or `deploy`. */
  kind: 'host' | 'workload' | 'certificate' | 'backup' | 'drill' | 'deploy'
  /** The host, workload or domain the problem is about. */
  subject: string
  /** What is wrong, one sentence, no secrets. */
  message: string
  /** A kotadc command that shows more, e.g. `kotadc backup status --limit agency:dinkes`. */
  command: string
  severity: 'attention' | 'unreachable'
}

export interface FilesystemUse {
  mount: string
  sizeBytes: number
  usedBytes: number
}

export interface HostStatus {
  name: string
  address: string
  roles: string[]
  reachable: boolean
  /** Why the host could not be asked (an OpsError's code and message) when `reachable` is false, or why its probe failed. */
  error?: {code: string; message: string}
  /** PRETTY_NAME from /etc/os-release. */
  os?: string
  uptimeSeconds?: number
  /** 1, 5 and 15 minute load averages. */
  load?: [number, number, number]
  memory?: {totalBytes: number; availableBytes: number}
  filesystems?: FilesystemUse[]
}

/** `unknown`: the host that would tell was unreachable. `not-deployed`: declared but absent where it should run. */
export type WorkloadState = 'running' | 'stopped' | 'not-deployed' | 'unknown'

export interface WorkloadStatus {
  name: string
  agency: string
  kind: 'container' | 'vm' | 'database' | 'static'
  /** The host it runs on (docker host, hypervisor or database host). */
  host: string | null
  state: WorkloadState
  /** A published port and whether it accepted a TCP connection from its host. */
  port?: {port: number; answering: boolean}
  detail?: string
}

export interface AgencyStatus {
  code: string
  name: string
  workloads: WorkloadStatus[]
}

export interface CertificateStatus {
  host: string
  domain: string
  workload: string
  /** ISO; null when the proxy host holds no certificate for the domain. */
  expiresAt: string | null
  /** Negative when expired; null when missing. */
  daysLeft: number | null
}

export interface BackupStatus {
  workload: string
  agency: string
  policy: string
  rpoHours: number
  /** As `backup status`: fresh, stale, never or unplanned. */
  status: 'fresh' | 'stale' | 'never' | 'unplanned'
  newest?: string
  ageHours?: number
  /** The last restore drill of this workload, from the drill records; absent when none was ever run. */
  lastDrill?: {at: string; passed: boolean}
}

/** One deploy from the audit trail, newest first. */
export interface DeployStatus {
  /** The record's number in the audit trail (1 = oldest), as `kotadc audit log` shows it and `audit show N` takes it. */
  seq?: number
  at: string
  user: string
  outcome: 'succeeded' | 'failed' | 'interrupted'
  phases: string[]
  inventoryCommit: string | null
  durationMs: number
  error?: string
}

export interface StatusSnapshot {
  version: typeof STATUS_VERSION
  site: string
  /** The environment overlay the snapshot was taken with (`lab`), or null for the real site. */
  env: string | null
  /** When the snapshot was taken, ISO. */
  at: string
  overall: OverallState
  problems: StatusProblem[]
  hosts: HostStatus[]
  agencies: AgencyStatus[]
  certificates: CertificateStatus[]
  backups: BackupStatus[]
  /** The last 20 deploys, newest first. */
  deploys: DeployStatus[]
  /** How long the SSH connections took, and the gathering after them (all hosts in parallel), in ms. */
  timing?: {connectMs: number; gatherMs: number}
}
