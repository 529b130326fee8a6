#!/usr/bin/env node
// `npm run bench:ssh`: a 10-task playbook on 20, 50 and 200 sshd hosts on loopback, run by kotadc, by the floor (one
// plain ssh per host running the same steps as a shell script) and by ansible-core (20 and 50 hosts only), in
// interleaved rounds, on the machine as it is ("quiet") and with two CPU-bound processes the benchmark starts itself
// ("loaded"). Rewrites the "SSH playbook runs" section of docs/benchmarks.md. Needs root, OpenSSH server and client,
// GNU time, ansible-core and unshare (util-linux).
// Usage: node bench/ssh.mjs [hosts=20,50,200] [rounds=3] [loads=quiet,loaded]
import {execFileSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {machine, replaceSection} from './report.mjs'
import {checkedRuns} from './ssh/check.mjs'
import {startFleet} from './ssh/fleet.mjs'
import {setupContestants} from './ssh/setup.mjs'
import {interleaved, table, underLoad} from './ssh/timing.mjs'

// Every kotadc run below (the timed and the checked runs inherit this) may reach loopback only: the fleet's sshd hosts.
process.env.KOTADC_ALLOWED_NETWORKS = '127.0.0.0/8'

const sizes = (process.argv[2] ?? '20,50,200').split(',').map(Number)
const rounds = Number(process.argv[3] ?? 3)
const loads = (process.argv[4] ?? 'quiet,loaded').split(',')
const ANSIBLE_MAX_HOSTS = 50
// ansible-core takes 15-60x as long per run: one run per phase and load is enough to place it.
const ANSIBLE_ROUNDS = 1
const TARGETS = {quiet: {first: 1.0, none: 0.8}, loaded: {first: 1.5, none: 0.8}, ansible: 15}
const node = process.execPath
const ms = (secs) => `${Math.round(secs * 1000)} ms`
const sh = (line) => execFileSync('sh', ['-c', line], {stdio: ['ignore', 'ignore', 'pipe']})
const startup = 'kotadc validate (start-up + inventory, no SSH)'

const sections = []
const bodyOf =
  () => `Command: \`npm run bench:ssh\` (bench/ssh.mjs${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}): ${rounds} interleaved
rounds per load (one run of every row per round; ansible-core ${ANSIBLE_ROUNDS} run per phase), each row timed with
GNU time for its CPU time and peak memory. ${machine()} Re-run it on an idle machine to refresh the quiet figures;
the load average (1 min) is printed next to every table, since other jobs on the machine move them. The
benchmark's own processes count in it too (its sshd hosts and their shells, ansible's forks, the checked runs just
before a table): an otherwise idle machine shows 10 or more at 20 hosts and about 100 at 200.

Each host is an OpenSSH sshd on its own loopback address (127.0.1.2 and up, port 2222) in its own mount and PID
namespace, where \`/tmp/kotadc-bench/host\` is that host's directory; all three contestants log in as root with one
client key and check pinned host keys. The playbook (bench/ssh/kotadc/playbook.yaml, bench/ssh/ansible/playbook.yaml,
bench/ssh/floor/tasks.sh) has 10 tasks: three directories, a template, a line, a copied file, an inline file, a
command guarded by \`creates\`, a check (a command with \`unless\` on the template's file, which kotadc decides on the
host when its turn comes) and a unit file from a template. kotadc: two round trips per host on a first run, one with no
change.

- **kotadc**: \`kotadc run bench -i inventory --yes --json --forks <hosts>\`.
- **floor**: one \`ssh\` per host, all at once, each running the POSIX script equivalent of the playbook
  (idempotent too: it compares before it writes).
- **ansible-core** 2.14 (Debian; 20 and 50 hosts): forks = hosts, \`pipelining = True\`, \`ControlMaster=auto
  ControlPersist=60s\`, \`gathering = explicit\`, \`interpreter_python\` set, a fresh ControlPath directory per run.
- *first run*: every host root wiped before each run; *no change*: the same run on converged hosts.
- **quiet**: the machine as it is; **loaded**: two \`while :; do :; done\` shells started by the benchmark on the
  2 cores for the whole table.
- *processes per host*: every process started in one host's PID namespace during one run (sshd's own per
  connection included, so the floor pays for its login too), from that namespace's PID counter.

Before timing, checked runs (bench/ssh/check.mjs) make each contestant converge a wiped fleet, make every other
contestant then report no change, and count SSH connections per host from the sshd logs: each run must open exactly
one per host.

${sections.join('\n\n')}`

const verdicts = []
for (const n of sizes) {
  const work = mkdtempSync(join(tmpdir(), 'kotadc-bench-ssh-'))
  process.stderr.write(`\n== ${n} hosts (${work})\n`)
  const fleet = await startFleet(join(work, 'fleet'), n)
  try {
    const cmds = setupContestants(work, fleet, {node, forks: n})
    const withAnsible = n <= ANSIBLE_MAX_HOSTS
    const checked = checkedRuns(work, fleet, cmds, {ansible: withAnsible})
    const h = fleet.hosts[0]
    sh(fleet.wipeCmd)
    const procs = {kotadcFirst: fleet.procs(h, () => sh(cmds.kotadc())), kotadcNone: fleet.procs(h, () => sh(cmds.kotadc()))}
    sh(fleet.wipeCmd)
    Object.assign(procs, {floorFirst: fleet.procs(h, () => sh(cmds.floor())), floorNone: fleet.procs(h, () => sh(cmds.floor()))})
    const tables = []
    for (const load of loads) {
      const {rows, before, after} = underLoad(load, fleet, () => {
        const a = withAnsible
          ? (phase, prepare) => [{name: `ansible-core, ${phase}`, cmd: cmds.ansible(), prepare, rounds: ANSIBLE_ROUNDS}]
          : () => []
        return interleaved(
          [
            {name: 'kotadc, first run', cmd: cmds.kotadc(), prepare: fleet.wipeCmd},
            {name: 'floor, first run', cmd: cmds.floor(), prepare: fleet.wipeCmd},
            ...a('first run', fleet.wipeCmd),
            // The floor's first run above left every host converged, which the checked runs showed all accept.
            {name: 'kotadc, no change', cmd: cmds.kotadc()},
            {name: 'floor, no change', cmd: cmds.floor()},
            ...a('no change'),
            {name: startup, cmd: `cd ${join(work, 'kotadc')} && ${node} ${join(process.cwd(), 'bin', 'run.js')} validate -i inventory`},
          ],
          rounds,
        )
      })
      const sshRuns = rows.filter((r) => r.name !== startup).reduce((sum, r) => sum + r.runs, 0)
      const perHost = fleet.hosts.map((x) => after.conns[x.name] - before.conns[x.name])
      const connsOk = perHost.every((c) => c === sshRuns)
      const med = Object.fromEntries(rows.map((r) => [r.name, r.median]))
      const ratios = ['first run', 'no change'].map((phase) => {
        const k = med[`kotadc, ${phase}`]
        const floor = k / med[`floor, ${phase}`]
        const floorTarget = TARGETS[load][phase === 'first run' ? 'first' : 'none']
        const faster = withAnsible ? med[`ansible-core, ${phase}`] / k : undefined
        verdicts.push({n, load, phase, floor, floorTarget, faster})
        const ans = faster === undefined ? '- | -' : `${faster.toFixed(1)}x | ${faster >= TARGETS.ansible ? 'yes' : '**no**'}`
        return `| ${phase} | ${floor.toFixed(2)}x | ≤ ${floorTarget.toFixed(1)}x | ${floor <= floorTarget ? 'yes' : '**no**'} | ${ans} |`
      })
      tables.push(`#### ${load} (load average ${before.la} before, ${after.la} after)

${table(rows)}

| phase | kotadc / floor | target | met | ansible-core / kotadc (≥ ${TARGETS.ansible}x) | met |
|---|---|---|---|---|---|
${ratios.join('\n')}

Where kotadc's time goes: start-up, oclif and inventory load ${ms(med[startup])} (the validate row); connecting,
gathering and closing ${ms(med['kotadc, no change'] - med[startup])} more (no-change run); applying
${ms(med['kotadc, first run'] - med['kotadc, no change'])} more on a first run. SSH connections per host: ${connsOk ? `exactly 1 per run (${sshRuns} runs)` : `**${Math.min(...perHost)}–${Math.max(...perHost)} for ${sshRuns} runs**`}.`)
      if (!connsOk) verdicts.push({n, load, phase: 'connections', floor: Infinity, floorTarget: 0})
    }
    const conns = Object.entries(checked)
      .filter(([, c]) => c.runs > 0)
      .map(([tool, c]) => `${tool} ${c.runs} runs: ${Math.min(...c.connections)}–${Math.max(...c.connections)}`)
      .join('; ')
    sections.push(`### ${n} hosts

Processes started per host per run (${h.name}): kotadc ${procs.kotadcFirst} on a first run, ${procs.kotadcNone} with no
change; the floor ${procs.floorFirst} and ${procs.floorNone}. Checked runs, SSH connections per host: ${conns}.

${tables.join('\n\n')}`)
    // Written after each fleet size, so the figures of a finished size survive an interrupted run.
    replaceSection('docs/benchmarks.md', 'SSH playbook runs', bodyOf())
  } finally {
    await fleet.stop()
    rmSync(work, {recursive: true, force: true})
  }
}

process.stdout.write(bodyOf() + '\n')
const missed = verdicts.filter((v) => v.floor > v.floorTarget || (v.faster !== undefined && v.faster < TARGETS.ansible))
if (missed.length) {
  process.stderr.write(`targets missed: ${missed.map((v) => `${v.n} hosts ${v.load} ${v.phase}`).join(', ')}\n`)
  process.exit(1)
}
