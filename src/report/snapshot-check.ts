import {STATUS_VERSION, type StatusSnapshot} from '../status/model.js'

/** One way a saved snapshot differs from the contract, with the JSON path it is at (`hosts[2].reachable`). */
export interface SnapshotIssue {
  path: string
  problem: string
}

type Check = (v: unknown, path: string, out: SnapshotIssue[]) => void

const shown = (v: unknown): string => {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'an object'
  const s = JSON.stringify(v)
  return s.length > 40 ? `${s.slice(0, 40)}…` : s
}
const expect =
  (what: string, ok: (v: unknown) => boolean): Check =>
  (v, path, out) => {
    if (!ok(v)) out.push({path, problem: `expected ${what}, got ${shown(v)}`})
  }

const str = expect('a string', (v) => typeof v === 'string')
const num = expect('a number', (v) => typeof v === 'number' && Number.isFinite(v))
const bool = expect('true or false', (v) => typeof v === 'boolean')
const time = expect('an ISO date and time', (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)))
const oneOf = (...values: readonly string[]): Check => expect(`one of ${values.join(', ')}`, (v) => typeof v === 'string' && values.includes(v))
const nullable =
  (c: Check): Check =>
  (v, path, out) =>
    v === null ? undefined : c(v, path, out)
const list =
  (c: Check, length?: number): Check =>
  (v, path, out) => {
    if (!Array.isArray(v) || (length !== undefined && v.length !== length))
      return void out.push({path, problem: `expected a list${length === undefined ? '' : ` of ${length}`}, got ${shown(v)}`})
    v.forEach((item, i) => c(item, `${path}[${i}]`, out))
  }
/** An object with these required and optional keys; keys it does not know are allowed (newer optional fields). */
const obj =
  (required: Record<string, Check>, optional: Record<string, Check> = {}): Check =>
  (v, path, out) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return void out.push({path: path || '(top)', problem: `expected an object, got ${shown(v)}`})
    const o = v as Record<string, unknown>
    const at = (k: string) => (path ? `${path}.${k}` : k)
    for (const [k, c] of Object.entries(required)) {
      if (!(k in o)) out.push({path: at(k), problem: 'missing'})
      else c(o[k], at(k), out)
    }
    for (const [k, c] of Object.entries(optional)) if (o[k] !== undefined) c(o[k], at(k), out)
  }

const problem = obj({
  kind: oneOf('host', 'workload', 'certificate', 'backup', 'drill', 'deploy'),
  subject: str,
  message: str,
  command: str,
  severity: oneOf('attention', 'unreachable'),
})
const host = obj(
  {name: str, address: str, roles: list(str), reachable: bool},
  {
    error: obj({code: str, message: str}),
    os: str,
    uptimeSeconds: num,
    load: list(num, 3),
    memory: obj({totalBytes: num, availableBytes: num}),
    filesystems: list(obj({mount: str, sizeBytes: num, usedBytes: num})),
  },
)
const workload = obj(
  {
    name: str,
    agency: str,
    kind: oneOf('container', 'vm', 'database', 'static'),
    host: nullable(str),
    state: oneOf('running', 'stopped', 'not-deployed', 'unknown'),
  },
  {port: obj({port: num, answering: bool}), detail: str},
)
const certificate = obj({host: str, domain: str, workload: str, expiresAt: nullable(time), daysLeft: nullable(num)})
const backup = obj(
  {workload: str, agency: str, policy: str, rpoHours: num, status: oneOf('fresh', 'stale', 'never', 'unplanned')},
  {newest: time, ageHours: num, lastDrill: obj({at: time, passed: bool})},
)
const deploy = obj(
  {at: time, user: str, outcome: oneOf('succeeded', 'failed', 'interrupted'), phases: list(str), inventoryCommit: nullable(str), durationMs: num},
  {seq: num, error: str},
)
const snapshot = obj(
  {
    version: num,
    site: str,
    env: nullable(str),
    at: time,
    overall: oneOf('ok', 'attention', 'unreachable'),
    problems: list(problem),
    hosts: list(host),
    agencies: list(obj({code: str, name: str, workloads: list(workload)})),
    certificates: list(certificate),
    backups: list(backup),
    deploys: list(deploy),
  },
  {timing: obj({connectMs: num, gatherMs: num})},
)

export type SnapshotVerdict =
  | {ok: true; snapshot: StatusSnapshot}
  | {ok: false; reason: 'not-a-snapshot' | 'version'; version?: unknown; issues: SnapshotIssue[]}
  | {ok: false; reason: 'failed-run'; error: {code: string; message: string}; issues: SnapshotIssue[]}

/**
 * Checks that a parsed JSON value is a `status --json` snapshot this kotadc can render: the version first (an older
 * or newer file is named as such, not as a pile of field errors), then every field the report reads, all at once.
 */
export function checkSnapshot(value: unknown): SnapshotVerdict {
  const o = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  const failed = o?.error as {code?: unknown; message?: unknown} | undefined
  if (o && !('version' in o) && typeof failed?.code === 'string')
    return {
      ok: false,
      reason: 'failed-run',
      error: {code: failed.code, message: typeof failed.message === 'string' ? failed.message : ''},
      issues: [],
    }
  if (o && 'version' in o && o.version !== STATUS_VERSION) return {ok: false, reason: 'version', version: o.version, issues: []}
  const issues: SnapshotIssue[] = []
  snapshot(value, '', issues)
  return issues.length ? {ok: false, reason: 'not-a-snapshot', issues} : {ok: true, snapshot: value as StatusSnapshot}
}
