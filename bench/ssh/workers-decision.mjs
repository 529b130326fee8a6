// The verdict of bench/ssh-workers.mjs, drawn from its own figures: worker threads are worth their start-up only if
// a whole run (start-up paid) gets clearly faster; the reasons quote the figures that decide it.
/** A win: a run at least 10% faster than one thread, beyond the rounds' spread on a shared machine. */
export const WIN = 0.9
const ms = (secs) => `${Math.round(secs * 1000)} ms`

/**
 * @param {{n: number, load: string, k: number, name: string, total: number}[]} results  each K>1 row's wall / K=1
 * @param {{n: number, load: string, rows: {k: number, median: number, cpu: number, rssMb: number}[]}[]} measured
 */
export function decide(results, measured) {
  const tried = results.filter((r) => r.k > 1)
  if (tried.length === 0 || measured.length === 0) return '**Decision:** none (no row with worker threads was measured).'
  const best = [...tried].sort((a, b) => a.total - b.total)[0]
  const wins = tried.filter((r) => r.total <= WIN)
  const at = (m, k) => m.rows.find((r) => r.k === k)
  // The SSH part at the largest size: how much of its wall time kotadc's own process spent on the CPU.
  const big = measured.filter((m) => m.n === Math.max(...measured.map((x) => x.n)))
  const parts = big.map((m) => {
    const [none, one] = [at(m, 0), at(m, 1)]
    return `${m.load}: ${ms(one.median - none.median)} of wall time, ${ms(one.cpu - none.cpu)} of kotadc's CPU`
  })
  // What a thread costs, where the hosts' share is smallest: between the fewest and the most threads measured.
  const small = measured[0]
  const ks = small.rows.filter((r) => r.k > 1)
  const [lo, hi] = [ks[0], ks.at(-1)]
  const base = hi.k > lo.k ? lo : at(small, 1)
  // K=1 starts no worker thread; K>1 starts K.
  const workers = (k) => (k > 1 ? k : 0)
  const per = (f) => (hi[f] - base[f]) / (workers(hi.k) - workers(base.k))
  const cost = `about ${ms(per('cpu'))} of CPU and ${Math.round(per('rssMb'))} MiB of memory (${small.n} hosts, ${small.load}, K=${base.k} to K=${hi.k})`
  const lines = [
    `Best row with worker threads: ${best.name} at ${best.n} hosts, ${best.load}: ${best.total.toFixed(2)}x the wall time of one thread` +
      ` (a win needs ≤ ${WIN.toFixed(2)}x); rows that met it: ${wins.length ? wins.map((w) => `${w.name}, ${w.n} hosts ${w.load} (${w.total.toFixed(2)}x)`).join('; ') : 'none'}.`,
    '',
  ]
  if (wins.length === 0)
    lines.push(
      `**Decision: not integrated.** Worker threads made no run clearly faster, quiet or loaded, at any size. One thread is not`,
      `what a run waits for: at ${big[0].n} hosts, K=1's SSH part took ${parts.join('; ')} (its CPU less the *no SSH* row's). The`,
      `rest of that time the hosts' side works (sshd's key exchange and login, the shells and commands of the gathering),`,
      `which on this machine shares the same 2 cores, as it does on any controller that is busy. Each extra thread costs`,
      `${cost} to start (ssh2, kotadc's modules and the inventory loaded again), taken from those same cores. On a`,
      `controller with cores to spare and remote hosts, rerun this benchmark there before reopening the question.`,
    )
  else
    lines.push(
      `**Decision: worth integrating** where it won. How: the main thread keeps loading, planning, the confirmation, the`,
      `site lock and one handshake budget split between the threads; each worker gets plain data (inventory directory,`,
      `env overlay, playbook name, runner options, its share of host names), plans its hosts again (jobs hold task objects`,
      `with functions, which cannot be posted) and runs runJobs on them; its RunEvents and HostReports (plain JSON) come`,
      `back by postMessage. Each extra thread costs ${cost} to start.`,
    )
  return lines.join('\n')
}
