#!/usr/bin/env node
// `npm run bench`: CLI start-up and validation speed (issue 2 targets), measured with hyperfine in one run.
// Rewrites the "CLI and validation" section of docs/benchmarks.md.
import {execFileSync} from 'node:child_process'
import {cpSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {hyperfine, table} from './hyperfine.mjs'
import {machine, replaceSection} from './report.mjs'

const node = process.execPath
const big = join(mkdtempSync(join(tmpdir(), 'kotadc-bench-inv-')), 'inventory')
execFileSync(node, ['bench/gen-inventory.mjs', big, '1000', '10'], {stdio: 'inherit'})
// The example without its DEMO identity: secrets.age stays closed, as before the example shipped demo secrets, so the
// row compares with earlier measurements; the row above it pays for opening secrets.age (age decryption).
const sealed = join(mkdtempSync(join(tmpdir(), 'kotadc-bench-sealed-')), 'inventory')
cpSync('inventory', sealed, {recursive: true})
rmSync(join(sealed, 'DEMO-age-identity.txt'))

const rows = hyperfine(
  [
    {name: 'node -e 0 (floor)', cmd: `${node} -e 0`},
    {name: 'kotadc --help', cmd: `${node} bin/run.js --help`},
    {name: 'kotadc validate (example)', cmd: `${node} bin/run.js validate -i inventory`},
    {name: 'kotadc validate (example, secrets.age not opened)', cmd: `${node} bin/run.js validate -i ${sealed}`},
    {name: 'kotadc validate (1,000 agencies x 5 workloads)', cmd: `${node} bin/run.js validate -i ${big}`},
  ],
  {runs: 15, warmup: 2},
)

const failed = rows.filter((r) => r.exitCodes.some((c) => c !== 0))
if (failed.length) {
  process.stderr.write(`benchmark commands failed: ${failed.map((r) => r.name).join(', ')}\n`)
  process.exit(1)
}
const target = {'kotadc --help': 0.4, 'kotadc validate (example)': 0.4, 'kotadc validate (1,000 agencies x 5 workloads)': 2}
const body = `Command: \`npm run bench\` (bench/cli.mjs; hyperfine, 2 warm-up runs, 15 timed runs, all commands in one run).
${machine()}

${table(rows, {ratioTo: 'node -e 0 (floor)', target})}

The floor is Node.js starting and exiting with no code; the ratio shows what kotadc adds on top of it. The example
ships a DEMO identity, so \`validate (example)\` decrypts \`secrets.age\` (loading the age library and decrypting take
about 70 ms); the row without the identity does the same work as the measurements before the demo secrets existed.`
replaceSection('docs/benchmarks.md', 'CLI and validation', body)
process.stdout.write(body + '\n')
const missed = rows.filter((r) => target[r.name] !== undefined && r.median >= target[r.name])
if (missed.length) {
  process.stderr.write(`targets missed: ${missed.map((r) => r.name).join(', ')}\n`)
  process.exit(1)
}
