import {replaceFileKeepingBackup} from '../../exec/secrets-file.js'
import {reportErrors} from '../../errors/report.js'
import type {ReportLang} from '../../report/messages/index.js'
import {renderReport} from '../../report/render.js'
import type {OverallState, StatusSnapshot} from '../../status/model.js'
import {readSnapshotFile} from './snapshot-file.js'

export interface ReportOptions {
  /** The HTML file to write (replaced whole, never left half-written). */
  out: string
  lang: ReportLang
}

/** Where the snapshot comes from: a saved `kotadc status --json` (offline), or a live gathering over SSH. */
export type ReportSource = {from: string} | {live: () => Promise<StatusSnapshot>}

/** The `report --json` contract: what was written, from what. */
export interface ReportResult {
  out: string
  lang: ReportLang
  /** `snapshot`: rendered from --from; `live`: gathered from the hosts just now. */
  source: 'snapshot' | 'live'
  from: string | null
  site: string
  env: string | null
  at: string
  overall: OverallState
  problems: number
  bytes: number
}

/**
 * Makes the HTML report from a saved snapshot or a live one. Both go through the same renderer, so a saved
 * snapshot gives the page a live one would have given.
 */
export async function makeReport(opts: ReportOptions, source: ReportSource): Promise<ReportResult> {
  const from = 'from' in source ? source.from : null
  const snapshot = 'from' in source ? await readSnapshotFile(source.from) : await source.live()
  const page = renderReport(snapshot, opts.lang)
  try {
    await replaceFileKeepingBackup(opts.out, page, 0o644, false)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = {
      ENOENT: 'its directory does not exist',
      EACCES: 'permission denied',
      EISDIR: 'it is a directory',
      ENOTDIR: 'a part of the path is not a directory',
    }
    throw reportErrors.outUnwritable(opts.out, why[code as keyof typeof why] ?? String(code ?? e))
  }
  return {
    out: opts.out,
    lang: opts.lang,
    source: from === null ? 'live' : 'snapshot',
    from,
    site: snapshot.site,
    env: snapshot.env,
    at: snapshot.at,
    overall: snapshot.overall,
    problems: snapshot.problems.length,
    bytes: Buffer.byteLength(page),
  }
}
