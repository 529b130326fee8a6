/** The closing summary of `restic backup --json` (message_type "summary"). */
export interface BackupSummary {
  snapshotId: string
  filesNew: number
  filesChanged: number
  filesUnmodified: number
  dataAdded: number
  totalFilesProcessed: number
  totalBytesProcessed: number
  totalDurationSeconds: number
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

/** The summary line of `restic backup --json` output (status lines are skipped), or undefined when there is none. */
export function parseBackupSummary(stdout: string): BackupSummary | undefined {
  let found: BackupSummary | undefined
  for (const line of stdout.split('\n')) {
    if (!line.includes('"summary"')) continue
    let msg: unknown
    try {
      msg = JSON.parse(line)
    } catch {
      continue
    }
    const m = msg as Record<string, unknown>
    if (m.message_type !== 'summary' || typeof m.snapshot_id !== 'string') continue
    found = {
      snapshotId: m.snapshot_id,
      filesNew: num(m.files_new),
      filesChanged: num(m.files_changed),
      filesUnmodified: num(m.files_unmodified),
      dataAdded: num(m.data_added),
      totalFilesProcessed: num(m.total_files_processed),
      totalBytesProcessed: num(m.total_bytes_processed),
      totalDurationSeconds: num(m.total_duration),
    }
  }
  return found
}

/** What `restic check` found: restic 0.14 has no JSON for it, so its text is read line by line. */
export interface CheckResult {
  ok: boolean
  /** Lines reporting a problem (errors, a fatal end, a locked repository). */
  problems: string[]
}

// restic 0.14 wording: "error: …", "Fatal: repository contains errors", "Pack ID does not match", damaged trees or blobs.
const PROBLEM = /^\s*(error|fatal:|unable to|pack id does not match)|\berror\b|\bdamaged\b|is locked/i

/** Reads `restic check` output (stdout and stderr together) and its exit code; both must agree for `ok`. */
export function parseCheckOutput(output: string, exitCode: number): CheckResult {
  const lines = output.split('\n').map((l) => l.trimEnd())
  const problems = lines.filter((l) => PROBLEM.test(l))
  const clean = lines.some((l) => l.trim() === 'no errors were found')
  return {
    ok: exitCode === 0 && clean && problems.length === 0,
    problems: problems.length || exitCode === 0 ? problems : [`restic check exited ${exitCode}`],
  }
}
