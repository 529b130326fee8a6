#!/usr/bin/env node
// `npm run bench:report`: `kotadc report --from` on a saved status snapshot (issue 14 target: under 1 s for the
// example-sized site), in English and Bahasa Indonesia, and on a 1,000-agency snapshot for scale; hyperfine, one run.
// The snapshots come from the same generator the report tests use (test/helpers/status-snapshot.ts, loaded through
// Node's type stripping: it imports types only), over the example inventory and bench/gen-inventory.mjs's.
// Rewrites the "HTML report" section of docs/benchmarks.md. Contacts no host: --from renders offline.
import {execFileSync} from 'node:child_process'
import {mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'
import {hyperfine, table} from './hyperfine.mjs'
import {machine, replaceSection} from './report.mjs'

const node = process.execPath
const repo = join(import.meta.dirname, '..')
const load = loadavg()[0].toFixed(1)
const tmp = mkdtempSync(join(tmpdir(), 'kotadc-bench-report-'))
const {loadInventory} = await import(join(repo, 'dist/src/inventory/load.js'))
const {snapshotOf} = await import(join(repo, 'test/helpers/status-snapshot.ts'))

const save = async (dir, name) => {
  const inventory = (await loadInventory({dir, environ: {}})).inventory
  const file = join(tmp, `${name}.json`)
  writeFileSync(file, JSON.stringify(snapshotOf(inventory, {troubled: true}), null, 2))
  return {file, inventory}
}
try {
  const example = await save(join(repo, 'inventory'), 'example')
  execFileSync(node, [join(repo, 'bench/gen-inventory.mjs'), join(tmp, 'big'), '1000', '10'], {stdio: 'ignore'})
  const big = await save(join(tmp, 'big'), 'big')
  const report = (from, lang) => `${node} ${join(repo, 'bin/run.js')} report --from ${from} --out ${join(tmp, `${lang}.html`)} --lang ${lang}`
  const rows = hyperfine(
    [
      {name: 'node -e 0 (floor)', cmd: `${node} -e 0`},
      {name: 'report --from (example)', cmd: report(example.file, 'en')},
      {name: 'report --from (example) --lang id', cmd: report(example.file, 'id')},
      {name: 'report --from (1,000 agencies x 5 workloads)', cmd: report(big.file, 'en')},
    ],
    {runs: 15, warmup: 2},
  )
  const failed = rows.filter((r) => r.exitCodes.some((c) => c !== 0))
  if (failed.length) throw new Error(`benchmark commands failed: ${failed.map((r) => r.name).join(', ')}`)
  const target = {'report --from (example)': 1, 'report --from (example) --lang id': 1}
  const kib = (f) => `${Math.round(statSync(f).size / 1024)} KiB`
  const body = `Command: \`npm run bench:report\` (bench/html-report.mjs; hyperfine, 2 warm-up runs, 15 timed runs, all rows in one run).
${machine()} Load average when it started: ${load} (the machine's 2 cores may be shared; the floor row shows how much).

Each row runs \`kotadc report --from status.json --out report.html [--lang id]\`: start-up, reading and checking the
snapshot, rendering, and the atomic write. The snapshots are made by test/helpers/status-snapshot.ts with the states
the browser test uses (one host down, a stopped service, a stale backup, ...): the example inventory's
(${example.inventory.hosts.length} hosts, ${example.inventory.agencies.length} agencies, ${example.inventory.workloads.length} workloads; ${kib(example.file)} of JSON) and bench/gen-inventory.mjs's 1,000 agencies
(${big.inventory.hosts.length} hosts, ${big.inventory.workloads.length} workloads; ${kib(big.file)} of JSON).

${table(rows, {ratioTo: 'node -e 0 (floor)', target})}
`
  replaceSection(join(repo, 'docs', 'benchmarks.md'), 'HTML report', body)
  process.stdout.write(body + '\n')
  const missed = rows.filter((r) => target[r.name] !== undefined && r.median >= target[r.name])
  if (missed.length) throw new Error(`targets missed: ${missed.map((r) => r.name).join(', ')}`)
} finally {
  rmSync(tmp, {recursive: true, force: true})
}
