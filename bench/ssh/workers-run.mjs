// One timed run of bench/ssh-workers.mjs: kotadc's no-change playbook run on a converged fleet, its SSH part on the
// main thread alone (K=1) or spread over K worker threads, each owning every K-th host. Built from kotadc's own dist
// modules: inventory load, playbook planning, runJobs with connectSsh (pinned host keys, one shell session per host),
// the gathering round trip, planning every task, closing. K=0 does everything but the SSH part (the baseline).
// Exits 1 unless every host answered and reported no change, so a timed run cannot be a broken one.
// Usage (cwd = a repository written by bench/ssh/setup.mjs writeKotadc): node workers-run.mjs K
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {isMainThread, parentPort, Worker, workerData} from 'node:worker_threads'

const here = fileURLToPath(import.meta.url)
const dist = (p) => import(pathToFileURL(join(dirname(here), '..', '..', 'dist', 'src', p)).href)
// Every thread pays for loading kotadc's modules itself (ssh2 comes in with connect.js): a real run would too.
const [{openInventory}, {defaultRunDeps, planJobs, resolvePlaybook, runPlaybook}] = await Promise.all([
  dist('services/inventory-open.js'),
  dist('services/run-playbook.js'),
])

// The lock is taken once per run, on the main thread, whatever K is: no thread of the benchmark takes it.
const noLock = {where: 'none (benchmark)', acquire: async () => undefined, release: async () => undefined}
// runJobs starts at most 32 handshakes at once per run; K threads share that budget, or K=4 would get 4 x 32.
const CONNECT_CONCURRENCY = 32
const open = async () => (await openInventory({dir: 'inventory', environ: process.env})).inventory

/** The playbook run over `hosts` only, as `kotadc run bench --yes` does it: the host reports. */
async function runShare(inv, hosts, k) {
  const opts = {playbook: 'bench', check: false, diff: false, limit: hosts, forks: hosts.length, environ: process.env}
  const result = await runPlaybook(inv, {...opts, connectConcurrency: Math.ceil(CONNECT_CONCURRENCY / k)}, {...defaultRunDeps(), lock: noLock})
  return result.hosts
}

if (!isMainThread) {
  parentPort.postMessage(await runShare(await open(), workerData.hosts, workerData.k))
} else {
  const k = Number(process.argv[2])
  // The main thread always loads the inventory and plans every host's job, as `kotadc run` does before it connects.
  const inv = await open()
  const jobs = planJobs(inv, await resolvePlaybook('bench', {inventoryDir: inv.root, cwd: process.cwd()}), {})
  const hosts = jobs.map((j) => j.host)
  let reports = []
  if (k === 1) reports = await runShare(inv, hosts, 1)
  else if (k > 1) {
    const shares = Array.from({length: k}, (_, i) => hosts.filter((_, j) => j % k === i))
    const parts = await Promise.all(
      shares.map(
        (share) =>
          new Promise((resolve, reject) => {
            const w = new Worker(here, {workerData: {hosts: share, k}})
            w.once('message', resolve).once('error', reject)
          }),
      ),
    )
    reports = parts.flat()
  }
  const bad = reports.filter((r) => r.status !== 'ok')
  if (k > 0 && (reports.length !== hosts.length || bad.length > 0)) {
    process.stderr.write(`K=${k}: ${reports.length} of ${hosts.length} hosts reported, not ok: ${JSON.stringify(bad.slice(0, 3), null, 2)}\n`)
    process.exit(1)
  }
  process.stdout.write(`${JSON.stringify({k, hosts: reports.length})}\n`)
}
