#!/usr/bin/env node
// `npm run bench:stacks`: synth of ~1,000 containers on 10 docker hosts, cold (no .kotadc/stacks) and warm (input
// cache: nothing rewritten). Rewrites the "Stack synth" section of docs/benchmarks.md. Target: cold synth < 4 s.
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {hyperfine, table} from './hyperfine.mjs'
import {machine, replaceSection} from './report.mjs'

const node = process.execPath
const project = mkdtempSync(join(tmpdir(), 'kotadc-bench-stacks-'))
const inv = join(project, 'inventory')
// 334 agencies x 3 containers = 1,002 containers on 10 docker hosts.
execFileSync(node, ['bench/gen-inventory.mjs', inv, '334', '10'], {stdio: 'inherit'})
const containers = readdirSync(join(inv, 'agencies')).reduce(
  (n, f) => n + (readFileSync(join(inv, 'agencies', f), 'utf8').match(/kind: container/g) ?? []).length,
  0,
)

const synth = `${node} ${join(process.cwd(), 'bin', 'run.js')} stacks synth -i ${inv}`
const rows = hyperfine(
  [
    {name: 'stacks synth, cold (no stack dirs)', cmd: `sh -c 'cd ${project} && rm -rf .kotadc/stacks && ${synth}'`},
    {name: 'stacks synth, warm (nothing changed)', cmd: `sh -c 'cd ${project} && ${synth}'`},
  ],
  {runs: 10, warmup: 1},
)

const warm = JSON.parse(
  execFileSync(node, [join(process.cwd(), 'bin', 'run.js'), 'stacks', 'synth', '-i', inv, '--json'], {cwd: project, encoding: 'utf8'}),
)
const failed = rows.filter((r) => r.exitCodes.some((c) => c !== 0))
if (failed.length) {
  process.stderr.write(`benchmark commands failed: ${failed.map((r) => r.name).join(', ')}\n`)
  process.exit(1)
}
const target = {'stacks synth, cold (no stack dirs)': 4}
const body = `Command: \`npm run bench:stacks\` (bench/stacks.mjs; hyperfine, 1 warm-up run, 10 timed runs).
Inventory: bench/gen-inventory.mjs with 334 agencies, ${containers} containers on ${warm.stacks.length} docker hosts.
${machine()}

${table(rows, {target})}

A warm run synthesized ${warm.synthesized} and rewrote ${warm.written} of ${warm.stacks.length} stacks: each stack directory keeps the hash of
its slice of the inventory and of the stack code, and an unchanged stack is read back instead of synthesized. It also keeps the hash of its inputs
(synthesized JSON, providers, backend, provider mirror, terraform version) from the last successful \`terraform init\`;
\`kotadc plan\` and \`kotadc deploy\` re-run init only for stacks whose hash changed, and always run \`terraform plan\`
(with refresh), so drift made outside kotadc is still seen. The init half of the cache needs the docker provider
installed (a provider mirror), which this machine does not have; see test/unit/services/plan.test.ts for the
no-init-on-second-plan behaviour.`
replaceSection('docs/benchmarks.md', 'Stack synth', body)
process.stdout.write(body + '\n')
const missed = rows.filter((r) => target[r.name] !== undefined && r.median >= target[r.name])
if (missed.length) {
  process.stderr.write(`targets missed: ${missed.map((r) => r.name).join(', ')}\n`)
  process.exit(1)
}
