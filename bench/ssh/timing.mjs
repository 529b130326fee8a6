// Timing for the SSH benchmark: rows measured in rounds, one run of every row per round (interleaved), so a change in
// the machine's load during the benchmark falls on every contestant alike. Each run goes through /usr/bin/time for
// its CPU time and peak memory.
import {execFileSync, execSync, spawn} from 'node:child_process'
import {mkdtempSync, readFileSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'

const scratch = mkdtempSync(join(tmpdir(), 'kotadc-bench-time-'))

/** One run of a shell command line: wall seconds, CPU seconds (user + system) and peak RSS in MiB. */
function timeOnce(cmd) {
  const out = join(scratch, 'time.txt')
  const started = process.hrtime.bigint()
  try {
    execFileSync('/usr/bin/time', ['-f', '%U %S %M', '-o', out, 'sh', '-c', cmd], {stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8'})
  } catch (e) {
    throw new Error(`benchmark command failed: ${cmd}\n${e.stderr ?? e.message}`, {cause: e})
  }
  const wall = Number(process.hrtime.bigint() - started) / 1e9
  const [user, sys, rssKb] = readFileSync(out, 'utf8').trim().split('\n').at(-1).split(' ').map(Number)
  return {wall, cpu: user + sys, rssMb: rssKb / 1024}
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/**
 * @param {{name: string, cmd: string, prepare?: string, rounds?: number}[]} rows  `rounds` caps a slow row (ansible)
 * @returns {{name, median, min, max, cpu, rssMb, runs}[]}
 */
export function interleaved(rows, rounds) {
  const samples = new Map(rows.map((r) => [r.name, []]))
  for (let i = 0; i < rounds; i++) {
    for (const r of rows) {
      if (r.rounds !== undefined && i >= r.rounds) continue
      if (r.prepare) execSync(r.prepare, {stdio: 'ignore'})
      samples.get(r.name).push(timeOnce(r.cmd))
      process.stderr.write('.')
    }
  }
  process.stderr.write('\n')
  return rows.map((r) => {
    const s = samples.get(r.name)
    const walls = s.map((x) => x.wall)
    return {
      name: r.name,
      median: median(walls),
      min: Math.min(...walls),
      max: Math.max(...walls),
      cpu: median(s.map((x) => x.cpu)),
      rssMb: Math.max(...s.map((x) => x.rssMb)),
      runs: s.length,
    }
  })
}

/** Two CPU-bound processes (the "loaded" machine), started and stopped by the benchmark itself. */
export function startLoad(n = 2) {
  const burners = Array.from({length: n}, () => spawn('sh', ['-c', 'while :; do :; done'], {stdio: 'ignore'}))
  return () => burners.forEach((b) => b.kill('SIGKILL'))
}

export const load1 = () => loadavg()[0].toFixed(2)

/**
 * Runs measure() on the machine as it is ("quiet") or with startLoad's burners ("loaded"), and notes the load
 * average and the fleet's connections per host (fleet.mjs accepted()) before and after.
 */
export function underLoad(load, fleet, measure) {
  const stop = load === 'loaded' ? startLoad() : undefined
  const before = {la: load1(), conns: fleet.accepted()}
  let rows
  try {
    rows = measure()
  } finally {
    stop?.()
  }
  return {rows, before, after: {la: load1(), conns: fleet.accepted()}}
}

const ms = (secs) => `${Math.round(secs * 1000)} ms`

export const table = (rows) =>
  [
    '| command | runs | median | min | max | CPU (user+sys, median) | peak RSS |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.runs} | ${ms(r.median)} | ${ms(r.min)} | ${ms(r.max)} | ${ms(r.cpu)} | ${Math.round(r.rssMb)} MiB |`),
  ].join('\n')
