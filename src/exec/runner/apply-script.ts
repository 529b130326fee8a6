import {batchFacts, type FactOutput} from '../../facts/batch.js'
import type {FactRequest} from '../../facts/define.js'
import type {Change} from '../../tasks/change.js'
import {type Cmd, renderCmd, stdinOf, withoutSudo} from '../../tasks/cmd.js'
import {shellQuote} from '../../tasks/quote.js'
import {type AtomicTarget, revealContent, type Step} from '../../tasks/step.js'
import {groupRuns} from './apply.js'

/** One task (or handler) of a batched apply: its plan and the facts that plan was made on. */
export interface ApplyItem {
  /** The plan, or why planning failed (the script stops before it, so it is planned again on fresh facts). */
  change: Change | Error
  facts: readonly FactRequest<unknown>[]
}

/** Where the apply script stopped, and why. Items are indexes into the items it was built from. */
type ApplyStop =
  /** Every item ran; `verified` holds the facts gathered after the last change, for the verify stage. */
  | {kind: 'done'; verified: Map<string, FactOutput>}
  /** Item `at` ran a step that failed; items before it ran. */
  | {kind: 'failed'; at: number; exitCode: number | null; stderr: string}
  /** A fact of item `at` no longer held (or its plan had failed): nothing of it ran; `facts` are read fresh from there on. */
  | {kind: 'stale'; at: number; facts: Map<string, FactOutput>}

/** How the apply script ended, read from its output. */
export type ApplyOutcome = ApplyStop & {
  /** Items whose unlessAtApply test succeeded on the host: they ran nothing, and are no change. */
  held: number[]
}

export interface ApplyScript {
  /** The command line to send (POSIX sh, run as the login user): the script, or for a long one what reads it from stdin. */
  command: string
  /** A long script, then every upload and command input in the order the script reads them (may be empty). */
  stdin: Buffer
  read(stdout: string, stderr: string, exitCode: number | null): ApplyOutcome
}

const lastLine = 'end'
/** Longest script, once quoted, sent as the command itself: under MAX_ARG_STRLEN, with room for what wraps it. */
const INLINE_SCRIPT_MAX = 96 * 1024

/**
 * One script that applies every item in order, in one round trip. Before an item's steps it re-checks each fact
 * the item was planned on (FactRequest.recheck); an item after an earlier change is re-checked even when it plans no
 * change, since that change may have moved its facts. A fact that no longer holds stops the script there, and the
 * script prints fresh facts of that item and every later one, so the caller can plan them again. After the last item
 * it gathers `verify` (the facts the verify stage plans on), still in the same round trip.
 */
export function buildApplyScript(
  items: readonly ApplyItem[],
  verify: readonly FactRequest<unknown>[],
  gathered: ReadonlyMap<string, FactOutput>,
  token: string,
  asRoot: boolean,
): ApplyScript {
  const root = (c: Cmd): Cmd => (asRoot ? withoutSudo(c) : c)
  const batch = batchFacts([...items.flatMap((i) => i.facts), ...verify], token)
  const mark = (text: string): string => `printf '\\n@@kotadc-${token} ${text}\\n'`
  // A group (every file of the host) is gathered whole when any of its members is wanted: one stat covers them all.
  const units = (facts: readonly FactRequest<unknown>[]): string[] => [...new Set(facts.map((f) => batch.unitOf(f.key)))]
  const gatherFrom = (from: number): string => {
    const ids = units(items.slice(from).flatMap((i) => i.facts))
    return ids.length === 0 ? '' : `kotadc_gather ${ids.join(' ')}; `
  }
  const payloads: Buffer[] = []
  const lines = [
    // One shell function per unit: re-gathering from any item on calls them instead of repeating the commands.
    ...batch.units.map((u) => `kotadc_fact${u.id}() { ${renderCmd(root(u.cmd))}; }`),
    'kotadc_gather() { for k in "$@"; do "kotadc_fact$k" </dev/null; done; }',
  ]
  let changedBefore = false
  for (const [at, item] of items.entries()) {
    lines.push(`printf '\\n@@kotadc-${token} item ${at}\\n' >&2`)
    if (item.change instanceof Error) {
      lines.push(`${mark(`stale ${at}`)}; ${gatherFrom(at)}exit 0`)
      return finish()
    }
    const guard = item.change.changed ? item.change.unlessAtApply : undefined
    // A guarded change needs no re-check: its guard, run right before its steps, is its whole plan.
    if ((item.change.changed || changedBefore) && !guard) {
      const checks = item.facts.map((f) => recheck(f, gathered.get(f.key), root))
      if (checks.length > 0) lines.push(`if ${checks.join(' && ')}; then :; else ${mark(`stale ${at}`)}; ${gatherFrom(at)}exit 0; fi`)
    }
    if (!item.change.changed) continue
    const apply = `{ ${renderSteps(item.change, root, payloads, asRoot)}; } || { ${mark(`failed ${at} %s`)} "$?"; exit 0; }; ${mark(`done ${at}`)}`
    lines.push(guard ? `if { ${renderCmd(root(guard.cmd))}; } >/dev/null 2>&1 </dev/null; then ${mark(`held ${at}`)}; else ${apply}; fi` : apply)
    changedBefore = true
  }
  const verifyIds = units(verify)
  lines.push(`${mark('verify')}${verifyIds.length > 0 ? `; kotadc_gather ${verifyIds.join(' ')}` : ''}`)
  lines.push(mark(lastLine))
  return finish()

  function finish(): ApplyScript {
    // A script too long for one command argument (128 KiB, MAX_ARG_STRLEN: a phase with many files) travels on stdin
    // ahead of the payloads: head reads exactly its bytes, and eval runs it in this shell, whose stdin then holds the
    // payloads. A shorter one is the command itself, which saves the host that head.
    const script = Buffer.from(lines.join('\n'), 'utf8')
    const inline = shellQuote(script.toString('utf8')).length <= INLINE_SCRIPT_MAX
    return {
      command: inline ? script.toString('utf8') : `kotadc_script=$(head -c ${script.length}) && eval "$kotadc_script"`,
      stdin: Buffer.concat(inline ? payloads : [script, ...payloads]),
      read: (stdout, stderr, exitCode) => readOutcome(stdout, stderr, exitCode),
    }
  }

  function readOutcome(stdout: string, stderr: string, exitCode: number | null): ApplyOutcome {
    const held = [...stdout.matchAll(new RegExp(`\\n@@kotadc-${token} held (\\d+)\\n`, 'g'))].map((m) => Number(m[1]))
    return {...stopOf(stdout, stderr, exitCode), held}
  }

  function stopOf(stdout: string, stderr: string, exitCode: number | null): ApplyStop {
    const re = new RegExp(`\\n@@kotadc-${token} (stale|failed|verify|${lastLine}) ?(\\d*) ?(\\d*)\\n`, 'g')
    const seen = [...stdout.matchAll(re)]
    const stop = seen.find((m) => m[1] === 'stale' || m[1] === 'failed')
    if (stop?.[1] === 'stale') return {kind: 'stale', at: Number(stop[2]), facts: batch.splitPresent(stdout.slice(stop.index))}
    if (stop?.[1] === 'failed') return {kind: 'failed', at: Number(stop[2]), exitCode: Number(stop[3]), stderr: stderrOf(stderr, Number(stop[2]))}
    const verifyAt = seen.find((m) => m[1] === 'verify')
    if (verifyAt && seen.some((m) => m[1] === lastLine)) return {kind: 'done', verified: batch.splitPresent(stdout.slice(verifyAt.index))}
    // The script itself ended early (killed, or sh failed): blame the last item that started.
    const started = [...stderr.matchAll(new RegExp(`\\n@@kotadc-${token} item (\\d+)\\n`, 'g'))].map((m) => Number(m[1]))
    const at = started.length > 0 ? (started[started.length - 1] as number) : 0
    return {kind: 'failed', at, exitCode, stderr: stderrOf(stderr, at)}
  }

  function stderrOf(stderr: string, at: number): string {
    const begin = `\n@@kotadc-${token} item ${at}\n`
    const from = stderr.indexOf(begin)
    if (from < 0) return stderr
    const rest = stderr.slice(from + begin.length)
    const next = rest.indexOf(`\n@@kotadc-${token} item `)
    return next < 0 ? rest : rest.slice(0, next)
  }
}

/** `[ "$(re-check)" = 'expected' ]`: the fact's re-check prints what it printed when it was gathered. */
function recheck(f: FactRequest<unknown>, was: FactOutput | undefined, root: (c: Cmd) => Cmd): string {
  // A fact gathered nowhere cannot be re-checked: comparing with an impossible value stops the script before the item.
  const test = was && f.recheck.test?.(was.stdout, was.exitCode)
  if (test) return `${test.succeeds ? '' : '! '}{ ${renderCmd(root(test.cmd))}; } >/dev/null 2>&1 </dev/null`
  const expected = was === undefined ? '\n' : f.recheck.expected(was.stdout, was.exitCode)
  return `[ "$({ ${renderCmd(root(f.recheck.command))}; } 2>/dev/null </dev/null; printf ' %s' "$?")" = ${shellQuote(expected)} ]`
}

/**
 * A change's steps as one `&&` chain. Uploads are read from the script's stdin with `head -c` (exactly their bytes,
 * so the next payload stays in place); a command's own input likewise; every other command gets /dev/null, so it
 * can never eat a later payload.
 */
function renderSteps(c: Extract<Change, {changed: true}>, root: (c: Cmd) => Cmd, payloads: Buffer[], asRoot: boolean): string {
  const parts: string[] = []
  let runs: Cmd[] = []
  const flush = (): void => {
    for (const g of groupRuns(runs)) {
      const input = stdinOf(g)
      if (input === undefined) parts.push(`{ ${renderCmd(g)}; } </dev/null`)
      else {
        const bytes = Buffer.from(input, 'utf8')
        payloads.push(bytes)
        // Whatever the command leaves unread is drained, so the next payload starts where it should.
        parts.push(`head -c ${bytes.length} | (${renderCmd(g)}; s=$?; cat >/dev/null; exit $s)`)
      }
    }
    runs = []
  }
  for (let i = 0; i < c.steps.length; i++) {
    const s = c.steps[i] as Step
    if (s.kind === 'run') {
      runs.push(root(s.cmd))
      continue
    }
    flush()
    const bytes = revealContent(s.content)
    payloads.push(bytes)
    if (asRoot && s.atomic && c.steps[i + 1]?.kind === 'run') {
      parts.push(writeAsRoot(s.atomic, bytes.length, root))
      i++
      continue
    }
    // exec: the subshell that set the umask becomes head, one process.
    const q = shellQuote(s.path)
    parts.push(`(umask 077 && exec head -c ${bytes.length} > ${q})${s.mode === '0600' ? '' : ` && chmod ${shellQuote(s.mode)} ${q}`}`)
  }
  flush()
  return parts.join(' && ')
}

/**
 * An atomic write as root, straight into its temp file: created with its final permission bits by the umask, then
 * finished as atomic-write.ts says (attributes the umask cannot give, validator, rename). Two processes (head, mv) in
 * the usual case, against six through the staging file. Only head reads the script's stdin (exactly its payload);
 * everything after it gets /dev/null.
 */
const writeAsRoot = (w: AtomicTarget, size: number, root: (c: Cmd) => Cmd): string =>
  `(umask ${w.umask} && exec head -c ${size} > ${shellQuote(w.temp)}) && { ${renderCmd(root(w.finish))}; } </dev/null`
