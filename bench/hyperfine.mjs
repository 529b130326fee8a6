// Runs hyperfine on a set of commands in ONE run and returns their timings, so figures are compared side by side.
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/**
 * @param {{name: string, cmd: string, prepare?: string}[]} commands
 * @param {{runs?: number, warmup?: number}} opts
 */
export function hyperfine(commands, {runs = 20, warmup = 3} = {}) {
  const out = join(mkdtempSync(join(tmpdir(), 'kotadc-bench-')), 'result.json')
  const args = ['--style', 'basic', '--warmup', String(warmup), '--runs', String(runs), '--export-json', out]
  // hyperfine takes either one --prepare for all commands or one per command, in command order.
  if (commands.some((c) => c.prepare)) for (const c of commands) args.push('--prepare', c.prepare ?? 'true')
  for (const c of commands) args.push('--command-name', c.name, c.cmd)
  execFileSync('hyperfine', args, {stdio: ['ignore', 'inherit', 'inherit']})
  const {results} = JSON.parse(readFileSync(out, 'utf8'))
  return results.map((r) => ({
    name: r.command,
    median: r.median,
    mean: r.mean,
    stddev: r.stddev ?? 0,
    min: r.min,
    max: r.max,
    exitCodes: r.exit_codes,
  }))
}

const s = (x) => `${(x * 1000).toFixed(0)} ms`

/** Markdown table; `ratioTo` names the row the other rows are divided by. */
export function table(rows, {ratioTo, target} = {}) {
  const base = rows.find((r) => r.name === ratioTo)
  const head = '| command | median | mean ± sd | min | max |' + (base ? ` ratio to ${ratioTo} |` : '') + (target ? ' target | met |' : '')
  const sep = '|---|---|---|---|---|' + (base ? '---|' : '') + (target ? '---|---|' : '')
  const lines = rows.map((r) => {
    const t = target?.[r.name]
    return (
      `| ${r.name} | ${s(r.median)} | ${s(r.mean)} ± ${s(r.stddev)} | ${s(r.min)} | ${s(r.max)} |` +
      (base ? ` ${(r.median / base.median).toFixed(2)}x |` : '') +
      (target ? (t === undefined ? ' - | - |' : ` < ${s(t)} | ${r.median < t ? 'yes' : '**no**'} |`) : '')
    )
  })
  return [head, sep, ...lines].join('\n')
}
