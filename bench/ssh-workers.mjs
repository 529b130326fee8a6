#!/usr/bin/env node
// `npm run bench:ssh-workers`: does spreading a playbook run's SSH part over K worker threads (each owning every K-th
// host) beat one thread on this machine? A no-change run of the SSH benchmark's playbook on 20, 50 and 200 sshd hosts,
// with K = 1 (main thread only), 2, 3 and 4, quiet and loaded, in interleaved rounds; each run a fresh process
// (bench/ssh/workers-run.mjs), so worker start-up is paid as a real run would pay it. Its own fleet on 127.0.3.x
// and /tmp/kotadc-bench-workers, so it runs beside bench:ssh's. Rewrites the "Worker threads" section of
// docs/benchmarks.md. Needs root, OpenSSH server, GNU time and unshare (util-linux).
// Usage: node bench/ssh-workers.mjs [hosts=20,50,200] [rounds=5] [loads=quiet,loaded] [threads=1,2,3,4]
import {execFileSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {machine, replaceSection} from './report.mjs'
import {startFleet} from './ssh/fleet.mjs'
import {writeKotadc} from './ssh/setup.mjs'
import {interleaved, load1, table, underLoad} from './ssh/timing.mjs'
import {decide} from './ssh/workers-decision.mjs'

process.env.KOTADC_ALLOWED_NETWORKS = '127.0.0.0/8'

const sizes = (process.argv[2] ?? '20,50,200').split(',').map(Number)
const rounds = Number(process.argv[3] ?? 5)
const loads = (process.argv[4] ?? 'quiet,loaded').split(',')
const threads = (process.argv[5] ?? '1,2,3,4').split(',').map(Number)
const FLEET = {block: '127.0.3', dataRoot: '/tmp/kotadc-bench-workers'}
const node = process.execPath
const repo = process.cwd()
const q = (s) => `'${String(s).replaceAll("'", "'\\''")}'`
const ms = (secs) => `${Math.round(secs * 1000)} ms`
const rowName = (k) => (k === 0 ? 'no SSH (load + plan only)' : k === 1 ? 'K=1 (main thread)' : `K=${k} worker threads`)

const sections = []
const decision = []
const bodyOf =
  () => `Command: \`npm run bench:ssh-workers\` (bench/ssh-workers.mjs${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}):
${rounds} interleaved rounds per load, one fresh process per run (bench/ssh/workers-run.mjs), timed with GNU time
for CPU (user+sys, all threads) and peak RSS. ${machine()} The load average (1 min) before and after each table is
printed with it; the load average when the run started was ${startLa}. Part of the load during a table is the
benchmark's own: up to 200 hosts' sshd and shells run on the same 2 cores as kotadc.

The question (issue 15): kotadc does every host's SSH and crypto work on one Node thread; would worker threads, each
owning a share of the hosts, make a run faster on this 2-core machine? Each run is the SSH benchmark's no-change
playbook run (10 tasks, bench/ssh/kotadc/playbook.yaml) on a converged fleet (sshd hosts on 127.0.3.x, pinned host
keys), made of kotadc's own dist modules: the main thread loads the inventory and plans every job as \`kotadc run\`
does; then K=1 runs \`runPlaybook\` (runJobs, connectSsh with one shell session per host, the one gathering round
trip, planning, closing) for all hosts itself, and K>1 starts K worker threads, each loading kotadc's modules (ssh2
included) and the inventory again and running \`runPlaybook\` for every K-th host, then posting its host reports
back. The handshake budget (32 at once) is split between the threads. Every run must report every host unchanged,
and the sshd logs must show exactly one connection per host per run. *no SSH* is the same process doing everything
but the SSH part (module and inventory load, planning): the *SSH part* column is a row's median less that one.
Oclif's start-up is not in these processes; the validate row of "SSH playbook runs" measures it.

${sections.join('\n\n')}

${decision.join('\n')}`

const startLa = load1()
const work = mkdtempSync(join(tmpdir(), 'kotadc-bench-workers-'))
const fleet = await startFleet(join(work, 'fleet'), Math.max(...sizes), FLEET)
const results = []
/** Every table's rows by size and load, for the decision's reasons. */
const measured = []
try {
  for (const n of sizes) {
    const dir = join(work, `kotadc-${n}`)
    const hosts = fleet.hosts.slice(0, n)
    writeKotadc(dir, {...fleet, hosts})
    process.stderr.write(`\n== ${n} hosts (${dir})\n`)
    // Converge the hosts once: every timed run below is a no-change run.
    execFileSync(node, [join(repo, 'bin', 'run.js'), 'run', 'bench', '-i', 'inventory', '--yes', '--json', '--forks', String(n)], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    const cmd = (k) => `cd ${q(dir)} && ${q(node)} ${q(join(repo, 'bench', 'ssh', 'workers-run.mjs'))} ${k}`
    const tables = []
    for (const load of loads) {
      const {rows, before, after} = underLoad(load, fleet, () =>
        interleaved(
          [0, ...threads].map((k) => ({name: rowName(k), cmd: cmd(k)})),
          rounds,
        ),
      )
      const byK = rows.map((r, i) => ({...r, k: [0, ...threads][i]}))
      measured.push({n, load, rows: byK})
      const sshRuns = rows.filter((r) => r.name !== rowName(0)).reduce((sum, r) => sum + r.runs, 0)
      const perHost = hosts.map((h) => after.conns[h.name] - before.conns[h.name])
      const connsOk = perHost.every((c) => c === sshRuns)
      const base = rows[0].median
      const one = rows.find((r) => r.name === rowName(1))
      const ratios = byK.slice(1).map((r) => {
        const res = {n, load, k: r.k, name: r.name, total: r.median / one.median, ssh: (r.median - base) / (one.median - base)}
        results.push(res)
        return `| ${r.name} | ${ms(r.median - base)} | ${res.total.toFixed(2)}x | ${res.ssh.toFixed(2)}x | ${(r.cpu / one.cpu).toFixed(2)}x |`
      })
      tables.push(`#### ${load} (load average ${before.la} before, ${after.la} after)

${table(rows)}

| row | SSH part (median less *no SSH*) | wall / K=1 | SSH part / K=1 | CPU / K=1 |
|---|---|---|---|---|
${ratios.join('\n')}

SSH connections per host: ${connsOk ? `exactly 1 per run (${sshRuns} runs)` : `**${Math.min(...perHost)}–${Math.max(...perHost)} for ${sshRuns} runs**`}.`)
      if (!connsOk) throw new Error(`${n} hosts, ${load}: ${Math.min(...perHost)}–${Math.max(...perHost)} connections per host for ${sshRuns} runs`)
    }
    sections.push(`### ${n} hosts\n\n${tables.join('\n\n')}`)
    replaceSection('docs/benchmarks.md', 'Worker threads', bodyOf())
  }
} finally {
  await fleet.stop()
  rmSync(work, {recursive: true, force: true})
}

decision.push(decide(results, measured))
replaceSection('docs/benchmarks.md', 'Worker threads', bodyOf())
process.stdout.write(bodyOf() + '\n')
