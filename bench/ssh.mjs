#!/usr/bin/env node
// `npm run bench:ssh`: a 10-task playbook on 20 and 50 sshd hosts on loopback, run by kotadc, by ansible-core and by
// the floor (one plain ssh per host running the same steps as a shell script), timed by hyperfine in one run per
// fleet size. Rewrites the "SSH playbook runs" section of docs/benchmarks.md. Needs root, OpenSSH server and client,
// hyperfine, ansible-core and unshare (util-linux). Usage: node bench/ssh.mjs [hosts=20,50] [runs=3]
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {hyperfine, table} from './hyperfine.mjs'
import {machine, replaceSection} from './report.mjs'
import {checkedRuns} from './ssh/check.mjs'
import {startFleet} from './ssh/fleet.mjs'
import {setupContestants} from './ssh/setup.mjs'

// Every kotadc run below (hyperfine and the checked runs inherit this) may reach loopback only: the fleet's sshd hosts.
process.env.KOTADC_ALLOWED_NETWORKS = '127.0.0.0/8'

const sizes = (process.argv[2] ?? '20,50').split(',').map(Number)
const runs = Number(process.argv[3] ?? 3)
const node = process.execPath
const x = (a, b) => a / b
const ms = (secs) => `${Math.round(secs * 1000)} ms`
const startup = 'kotadc validate (start-up + inventory, no SSH)'

const sections = []
const bodyOf = () => `Command: \`npm run bench:ssh\` (bench/ssh.mjs; hyperfine, ${runs} timed runs per row, no warm-up, all rows of a fleet size in
one run). ${machine()}

Each host is an OpenSSH sshd on its own loopback address (127.0.1.2 and up, port 2222) in its own mount namespace,
where \`/tmp/kotadc-bench/host\` is that host's directory; all three contestants log in as root with one client key
and check pinned host keys. The playbook (bench/ssh/kotadc/playbook.yaml, bench/ssh/ansible/playbook.yaml,
bench/ssh/floor/tasks.sh) has 10 tasks: three directories, a template, a line, a copied file, an inline file, a
command guarded by \`creates\`, a check (a command with \`unless\`) and a unit file from a template.

- **kotadc**: \`kotadc run bench -i inventory --yes --json\`.
- **ansible-core** 2.14 (Debian): forks = hosts, \`pipelining = True\`, \`ControlMaster=auto ControlPersist=60s\`,
  \`gathering = explicit\` (no facts), \`interpreter_python\` set (no discovery), a fresh ControlPath directory per run
  so every run pays for its own connections, as the other two do.
- **floor**: one \`ssh\` per host, all at once, each running the POSIX script equivalent of the playbook
  (idempotent too: it compares before it writes).
- *first run*: every host root wiped before each timed run (hyperfine \`--prepare\`); *no change*: the same
  run on converged hosts.

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
    const cmds = setupContestants(work, fleet, {node})
    const checked = checkedRuns(work, fleet, cmds)
    const noop = 'true'
    const before = fleet.accepted()
    // First-run rows wipe every host root before each timed run; the no-change rows follow the floor's first-run
    // row, whose result the checked runs showed every tool accepts as converged.
    const rows = hyperfine(
      [
        {name: `kotadc, first run`, cmd: cmds.kotadc(), prepare: fleet.wipeCmd},
        {name: `ansible-core, first run`, cmd: cmds.ansible(), prepare: fleet.wipeCmd},
        {name: `floor, first run`, cmd: cmds.floor(), prepare: fleet.wipeCmd},
        {name: `kotadc, no change`, cmd: cmds.kotadc(), prepare: noop},
        {name: `ansible-core, no change`, cmd: cmds.ansible(), prepare: noop},
        {name: `floor, no change`, cmd: cmds.floor(), prepare: noop},
        {name: startup, cmd: `cd ${join(work, 'kotadc')} && ${node} ${join(process.cwd(), 'bin', 'run.js')} validate -i inventory`, prepare: noop},
      ],
      {runs, warmup: 0},
    )
    const failed = rows.filter((r) => r.exitCodes.some((c) => c !== 0))
    if (failed.length) throw new Error(`benchmark commands failed: ${failed.map((r) => r.name).join(', ')}`)
    const after = fleet.accepted()
    const sshRows = 6
    const perHost = fleet.hosts.map((h) => after[h.name] - before[h.name])
    const timedOk = perHost.every((c) => c === sshRows * runs)
    const med = Object.fromEntries(rows.map((r) => [r.name, r.median]))
    const ratios = ['first run', 'no change'].map((phase) => {
      const k = med[`kotadc, ${phase}`]
      const faster = x(med[`ansible-core, ${phase}`], k)
      const floor = x(k, med[`floor, ${phase}`])
      verdicts.push({n, phase, faster, floor})
      return `| ${phase} | ${faster.toFixed(1)}x | ${faster >= 10 ? 'yes' : '**no**'} | ${floor.toFixed(2)}x | ${floor <= 1.5 ? 'yes' : '**no**'} |`
    })
    const conns = Object.entries(checked)
      .map(([tool, c]) => `${tool} ${c.runs} runs: ${Math.min(...c.connections)}–${Math.max(...c.connections)}`)
      .join('; ')
    sections.push(`### ${n} hosts

${table(rows)}

| phase | ansible-core / kotadc | ≥ 10x | kotadc / floor | ≤ 1.5x |
|---|---|---|---|---|
${ratios.join('\n')}

Where kotadc's time goes: start-up, oclif and inventory load ${ms(med[startup])} (the validate row); connecting,
one batched fact gathering per host and closing ${ms(med['kotadc, no change'] - med[startup])} more (no-change run); applying
${ms(med['kotadc, first run'] - med['kotadc, no change'])} more on a first run.

SSH connections per host and run (sshd logs, "Accepted publickey" lines): checked runs, ${conns}.
Timed runs: ${timedOk ? `exactly ${sshRows * runs} per host for the ${sshRows * runs} timed SSH runs, so 1 per run` : `**per host ${Math.min(...perHost)}–${Math.max(...perHost)} for ${sshRows * runs} timed SSH runs**`}.`)
    if (!timedOk) verdicts.push({n, phase: 'connections', faster: 0, floor: Infinity})
    // Written after each fleet size, so the figures of a finished size survive an interrupted run.
    replaceSection('docs/benchmarks.md', 'SSH playbook runs', bodyOf())
  } finally {
    await fleet.stop()
    rmSync(work, {recursive: true, force: true})
  }
}

process.stdout.write(bodyOf() + '\n')
const missed = verdicts.filter((v) => v.faster < 10 || v.floor > 1.5)
if (missed.length) {
  process.stderr.write(`targets missed: ${missed.map((v) => `${v.n} hosts ${v.phase}`).join(', ')}\n`)
  process.exit(1)
}
