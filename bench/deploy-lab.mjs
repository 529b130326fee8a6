#!/usr/bin/env node
// `npm run bench:deploy-lab`: the whole-site deploy (every phase but containers) of the example data center on its
// lab (8 containers), first and no-change, per phase. Works on a copy of inventory/ under its own site name and lab
// pool, behind the network fence (loopback and that pool only); the lab is torn down at the end. Rewrites the
// "Whole-site lab deploy" section of docs/benchmarks.md. Needs the lab's docker engine and image (scripts/lab/).
// Usage: node bench/deploy-lab.mjs [pool=10.19.0.0/16]
import {spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'
import {machine, replaceSection} from './report.mjs'

const repo = process.cwd()
const pool = process.argv[2] ?? '10.19.0.0/16'
const site = 'bench-deploy'
const PHASES = ['base', 'docker-hosts', 'databases', 'dns', 'proxy', 'firewall', 'backups']
const TARGET_NO_CHANGE_S = 10
const tmp = mkdtempSync(join(tmpdir(), 'kotadc-bench-deploy-'))
const env = {...process.env, KOTADC_ALLOWED_NETWORKS: `127.0.0.0/8,${pool}`}
const kotadc = (...args) => {
  const started = process.hrtime.bigint()
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'run.js'), ...args, '-i', join(tmp, 'inventory')], {
    cwd: tmp,
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  })
  return {...r, secs: Number(process.hrtime.bigint() - started) / 1e9}
}
/** A failed step's story: for a deploy, each phase's status and every error it carries; else the output's ends. */
const story = (r) => {
  try {
    const phases = JSON.parse(r.stdout).phases ?? []
    const errors = phases.flatMap((p) => [p.error, ...(p.hosts ?? []).flatMap((h) => [h.error, ...h.tasks.map((t) => t.error)])].filter(Boolean))
    return [phases.map((p) => `${p.name}:${p.status}`).join(' '), ...errors.map((e) => JSON.stringify(e))].join('\n')
  } catch {
    return `${r.stderr.slice(-4000)}\n${r.stdout.slice(0, 4000)}`
  }
}
const must = (what, r) => {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${story(r)}`)
  return r
}

cpSync(join(repo, 'inventory'), join(tmp, 'inventory'), {recursive: true, filter: (src) => !src.endsWith(join('inventory', 'envs', 'lab.yaml'))})
const siteFile = join(tmp, 'inventory', 'site.yaml')
writeFileSync(siteFile, readFileSync(siteFile, 'utf8').replace('name: kotamobagu-dc', `name: ${site}`))
const la = [loadavg()[0].toFixed(2)]
const runs = []
let up
try {
  up = must('lab up', kotadc('lab', 'up', '--pool', pool, '--json'))
  for (const label of ['first deploy', 'no-change deploy']) {
    const r = must(label, kotadc('deploy', '--env', 'lab', '--yes', '--json', ...PHASES.flatMap((p) => ['--phase', p])))
    const phases = JSON.parse(r.stdout).phases
    runs.push({label, secs: r.secs, phases: Object.fromEntries(phases.map((p) => [p.name, p]))})
    process.stderr.write(`${label}: ${r.secs.toFixed(1)} s\n`)
  }
} finally {
  kotadc('lab', 'down', '--yes')
  rmSync(tmp, {recursive: true, force: true})
}
la.push(loadavg()[0].toFixed(2))

const s = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`)
const [first, again] = runs
const rows = PHASES.map(
  (p) => `| ${p} | ${s(first.phases[p]?.durationMs)} (${first.phases[p]?.status}) | ${s(again.phases[p]?.durationMs)} (${again.phases[p]?.status}) |`,
)
const met = again.secs < TARGET_NO_CHANGE_S
replaceSection(
  'docs/benchmarks.md',
  'Whole-site lab deploy',
  `Command: \`npm run bench:deploy-lab\` (bench/deploy-lab.mjs): \`kotadc deploy --env lab\` with every phase but
containers, on a copy of the example inventory in the lab (8 containers, lab up ${up.secs.toFixed(0)} s, not counted), once
on fresh hosts and once more with nothing to change. ${machine()} Load average (1 min) ${la[0]} before, ${la[1]} after.

| phase | first deploy | no-change deploy |
|---|---|---|
${rows.join('\n')}
| **whole command** (start-up, inventory, lock, audit included) | ${first.secs.toFixed(1)} s | ${again.secs.toFixed(1)} s (target < ${TARGET_NO_CHANGE_S} s: ${met ? 'met' : '**not met**'}) |
`,
)
process.stdout.write(`first ${first.secs.toFixed(1)} s, no change ${again.secs.toFixed(1)} s\n`)
if (!met) process.exit(1)
