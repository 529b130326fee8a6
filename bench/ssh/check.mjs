// Checked runs before the timing: each tool converges a wiped fleet, each accepts the others' result as "no change",
// and every run opens exactly one SSH connection per host (counted from the sshd logs, not from the tools).
import {execFileSync} from 'node:child_process'
import {mkdirSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

const sh = (line) => execFileSync('sh', ['-c', line], {stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8'})

/** Per-host status of one run, read from each tool's own output. */
const outcome = {
  kotadc(file, hosts) {
    const r = JSON.parse(readFileSync(file, 'utf8'))
    if (r.summary.failed + r.summary.unreachable > 0) throw new Error(`kotadc run failed: ${JSON.stringify(r.hosts.find((h) => h.error)?.error)}`)
    return Object.fromEntries(hosts.map((h) => [h.name, r.hosts.find((x) => x.host === h.name).tasks.filter((t) => t.status === 'changed').length]))
  },
  ansible(file, hosts) {
    const text = readFileSync(file, 'utf8')
    return Object.fromEntries(
      hosts.map((h) => {
        const m = new RegExp(`^${h.name}\\s+: ok=\\d+\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)`, 'm').exec(text)
        if (!m || m[2] !== '0' || m[3] !== '0') throw new Error(`ansible run failed on ${h.name}:\n${text.slice(-3000)}`)
        return [h.name, Number(m[1])]
      }),
    )
  },
  floor(dir, hosts) {
    return Object.fromEntries(
      hosts.map((h) => {
        const m = /changed=(\d+)/.exec(readFileSync(join(dir, `${h.name}.out`), 'utf8'))
        if (!m) throw new Error(`floor script failed on ${h.name}`)
        return [h.name, Number(m[1])]
      }),
    )
  },
}

/**
 * Runs the checked sequence; throws on any failure, any wrong change count or any connection count other than 1.
 * Returns {tool: {runs, connections: number[]}} for the report.
 */
export function checkedRuns(work, fleet, cmds, {ansible = true} = {}) {
  const out = join(work, 'checked')
  mkdirSync(out, {recursive: true})
  const seen = {kotadc: {runs: 0, connections: []}, ansible: {runs: 0, connections: []}, floor: {runs: 0, connections: []}}
  const steps = [
    ['wipe'],
    ['kotadc', 'changes'],
    ['kotadc', 'none'],
    ['ansible', 'none'],
    ['floor', 'none'],
    ['wipe'],
    ['ansible', 'changes'],
    ['kotadc', 'none'],
    ['wipe'],
    ['floor', 'changes'],
    ['kotadc', 'none'],
  ]
  // Without ansible (200 hosts), its steps are left out: kotadc and the floor still check each other.
  const plan = ansible ? steps : steps.filter(([tool], i) => tool !== 'ansible' && !(tool === 'kotadc' && steps[i - 1]?.[0] === 'ansible'))
  for (const [i, [tool, expect]] of plan.entries()) {
    if (tool === 'wipe') {
      sh(fleet.wipeCmd)
      continue
    }
    const target = join(out, `${i}-${tool}`)
    if (tool === 'floor') mkdirSync(target, {recursive: true})
    const before = fleet.accepted()
    const started = Date.now()
    try {
      sh(cmds[tool](target))
    } catch (e) {
      const detail =
        tool === 'floor'
          ? readdirSync(target)
              .map((f) => readFileSync(join(target, f), 'utf8'))
              .join('')
          : readFileSync(target, 'utf8').slice(-3000)
      throw new Error(`${tool} (step ${i}) failed: ${e.stderr ?? e.message}\n${detail}`, {cause: e})
    }
    const secs = ((Date.now() - started) / 1000).toFixed(1)
    const after = fleet.accepted()
    const changes = outcome[tool](target, fleet.hosts)
    for (const h of fleet.hosts) {
      const n = after[h.name] - before[h.name]
      seen[tool].connections.push(n)
      if (n !== 1) throw new Error(`${tool} (step ${i}) opened ${n} SSH connections to ${h.name}; expected exactly 1`)
      if (expect === 'none' && changes[h.name] !== 0)
        throw new Error(`${tool} (step ${i}) changed ${changes[h.name]} tasks on ${h.name}, expected none`)
      if (expect === 'changes' && changes[h.name] === 0) throw new Error(`${tool} (step ${i}) changed nothing on ${h.name} after a wipe`)
    }
    seen[tool].runs++
    process.stderr.write(
      `checked: ${tool} ${expect === 'none' ? 'no-change' : 'first'} run, ${fleet.hosts.length} hosts, 1 connection each, ${secs} s\n`,
    )
  }
  return seen
}
