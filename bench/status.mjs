#!/usr/bin/env node
// `npm run bench:status`: `kotadc status --env lab --json` on the example data center in the lab (its 8 hosts as lab
// containers), deployed as far as the lab allows (base, databases, backups) and backed up once, so every part of the
// pass does real work: host probes, docker and PostgreSQL questions, certificates on both proxies, restic snapshot
// lists on every source. Each run reports its own connect and gather times (StatusSnapshot.timing); the target is
// gather < 3 s after the connections are up. Rewrites the "Status pass" section of docs/benchmarks.md.
// Run it under the lab lock: flock /tmp/kotadc-lab.lock npm run bench:status. Usage: node bench/status.mjs [runs=10]
import {spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {machine, replaceSection} from './report.mjs'

const runs = Number(process.argv[2] ?? 10)
const repo = join(import.meta.dirname, '..')
const site = `bench14-${process.pid}`
// 10.9: the status lab test uses 10.2-10.8, the other lab files 10.20 and up.
const pool = '10.9.0.0/16'
const tmp = mkdtempSync(join(tmpdir(), 'kotadc-bench-status-'))
const inv = join(tmp, 'inventory')
// The fence: lab up rewrites the example's 10.10.0.x addresses into the pool; anything outside it is refused.
const env = {...process.env, KOTADC_ALLOWED_NETWORKS: `127.0.0.0/8,${pool}`, KOTADC_NO_COLOR: '1'}
delete env.KOTADC_AGE_IDENTITY
const kotadc = (args, ok = [0]) => {
  const started = performance.now()
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'run.js'), ...args, '-i', inv], {cwd: tmp, env, encoding: 'utf8', maxBuffer: 1 << 26})
  if (!ok.includes(r.status)) throw new Error(`kotadc ${args.join(' ')} failed (${r.status}):\n${r.stderr.slice(-4000)}\n${r.stdout.slice(-4000)}`)
  return {...r, wallMs: performance.now() - started}
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const row = (name, xs) => `| ${name} | ${Math.round(median(xs))} ms | ${Math.round(Math.min(...xs))} ms | ${Math.round(Math.max(...xs))} ms |`

cpSync(join(repo, 'inventory'), inv, {recursive: true, filter: (src) => !src.endsWith(join('envs', 'lab.yaml'))})
writeFileSync(join(inv, 'site.yaml'), readFileSync(join(inv, 'site.yaml'), 'utf8').replace('name: kotamobagu-dc', `name: ${site}`))
try {
  kotadc(['lab', 'up', '--pool', pool, '--json'])
  // Exit 3 is expected: the example's VMs are hosts too (backups inside them), and the lab has no VMs to reach.
  kotadc(['deploy', '--env', 'lab', '--phase', 'base', '--phase', 'databases', '--phase', 'backups', '--yes', '--json'], [0, 3])
  kotadc(['backup', 'run', '--env', 'lab', '--json'], [0, 1, 3])
  const loadBefore = load()
  const samples = []
  // One untimed run first: the lab's first restic calls fill its caches, as on any site that runs status regularly.
  for (let i = 0; i <= runs; i++) {
    const r = kotadc(['status', '--env', 'lab', '--json'], [0, 2, 3])
    const s = JSON.parse(r.stdout)
    if (s.hosts.length !== 8 || s.hosts.some((h) => !h.reachable)) throw new Error(`not every lab host answered:\n${r.stdout.slice(0, 4000)}`)
    if (i > 0) samples.push({...s.timing, wallMs: r.wallMs, problems: s.problems.length, workloads: s.agencies.flatMap((a) => a.workloads).length})
    process.stderr.write(`run ${i}: connect ${s.timing.connectMs} ms, gather ${s.timing.gatherMs} ms, wall ${Math.round(r.wallMs)} ms\n`)
  }
  const loadAfter = load()
  const gather = median(samples.map((s) => s.gatherMs))
  const last = samples.at(-1)
  const body = `Command: \`flock /tmp/kotadc-lab.lock npm run bench:status\` (bench/status.mjs; ${runs} timed runs after one untimed run). ${machine()}

Site: the example inventory (8 hosts, ${last.workloads} workloads) as lab containers, deployed with the phases the lab
can run (base, databases, backups) and backed up once. Every run is \`kotadc status --env lab --json\` as a new
process; the connect and gather times are the ones the snapshot reports (\`timing\`): *connect* until the last of the
8 SSH connections (opened in parallel) is up, *gather* from then to the end of the pass (host probes, PostgreSQL and
docker questions, libvirt on both hypervisors, both proxies' certificates, restic snapshot lists on each source, drills and audit trail read
locally). *wall* is the whole process, Node start-up and inventory (with the demo secrets.age) included. The lab runs
no dockerd and this benchmark deploys no proxy, so each run reports ${last.problems} problems (containers, VMs, certificates), as
it would on such a site.

| part | median | min | max |
|---|---|---|---|
${row(
  'connect (8 hosts in parallel)',
  samples.map((s) => s.connectMs),
)}
${row(
  'gather, after the connections are up',
  samples.map((s) => s.gatherMs),
)}
${row(
  'wall (whole process)',
  samples.map((s) => s.wallMs),
)}

Gather after the connections are up: median ${Math.round(gather)} ms (target: under 3 s): ${gather < 3000 ? 'met' : '**not met**'}.
How busy the machine was (1 / 5 / 15 minute load averages, 2 cores): ${loadBefore} before the timed runs, ${loadAfter} after.
`
  replaceSection(join(repo, 'docs', 'benchmarks.md'), 'Status pass', body)
  console.log(body)
} finally {
  spawnSync(process.execPath, [join(repo, 'bin', 'run.js'), 'lab', 'down', '--yes', '-i', inv], {cwd: tmp, env, stdio: 'ignore'})
  rmSync(tmp, {recursive: true, force: true})
}
