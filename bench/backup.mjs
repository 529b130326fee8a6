#!/usr/bin/env node
// `npm run bench:backup`: `kotadc backup run --limit docker1` against the same restic work called directly over one
// ssh login (`ssh docker1 sudo restic ...`), on a dataset of fixed-seed pseudo-random (incompressible) bytes, side by
// side in one hyperfine run. Lab containers (docker1 → backup1 over SFTP) as in the issue 6 acceptance test.
// Rewrites the "Backup run overhead" section of docs/benchmarks.md. Needs root, docker and hyperfine (see .ci/run).
// Usage: node bench/backup.mjs [MiB=1024] [runs=3]
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {hyperfine, table} from './hyperfine.mjs'
import {machine, replaceSection} from './report.mjs'

const mib = Number(process.argv[2] ?? 1024)
const runs = Number(process.argv[3] ?? 3)
const repo = join(import.meta.dirname, '..')
const site = `bench6-${process.pid}`
const pool = `10.${250 + (process.pid % 6)}.0.0/16`
const data = '/srv/bench'
const tmp = mkdtempSync(join(tmpdir(), 'kotadc-bench-backup-'))
const inv = join(tmp, 'inventory')
// The fence: the inventory's 10.10.0.x addresses are rewritten into the lab pool by lab up; anything else is refused.
const env = {
  ...process.env,
  KOTADC_ALLOWED_NETWORKS: `127.0.0.0/8,${pool}`,
  KOTADC_NO_COLOR: '1',
  KOTADC_SECRET_RESTIC_PASSWORD_DOCKER1: 'bench restic password',
}
const q = (s) => `'${s.replaceAll("'", "'\\''")}'`
const kotadc = (...args) => {
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'run.js'), ...args, '-i', inv], {cwd: tmp, env, encoding: 'utf8'})
  if (r.status !== 0) throw new Error(`kotadc ${args.join(' ')} failed (${r.status}):\n${r.stderr}\n${r.stdout}`)
  return r.stdout
}
const inContainer = (host, script) => execFileSync('docker', ['exec', `kotadc-lab-${site}-${host}`, 'bash', '-c', script], {encoding: 'utf8'})

mkdirSync(join(inv, 'agencies'), {recursive: true})
writeFileSync(join(inv, 'site.yaml'), readFileSync(join(repo, 'inventory', 'site.yaml'), 'utf8').replace('name: kotamobagu-dc', `name: ${site}`))
writeFileSync(
  join(inv, 'hosts.yaml'),
  'hosts:\n  - {name: docker1, address: 10.10.0.21, network: mgmt, roles: [docker]}\n  - {name: backup1, address: 10.10.0.41, network: mgmt, roles: [backup]}\n',
)
writeFileSync(
  join(inv, 'agencies', 'bench.yaml'),
  `agency: {code: bench, name: Bench}\nworkloads:\n  - {name: bench, kind: container, host: docker1, image: bench:1, backup: {policy: standard, paths: [${data}]}}\n`,
)
try {
  kotadc('lab', 'up', '--pool', pool, '--json')
  kotadc('deploy', '--env', 'lab', '--phase', 'backups', '--yes', '--json')
  // 64 files of MiB/64 each, pseudo-random from seed 6: the same bytes on every run, and nothing for restic to compress or dedup.
  inContainer(
    'docker1',
    `mkdir -p ${data} && python3 -c ${q(`import random\nr = random.Random(6)\nfor i in range(64):\n    with open("${data}/f%02d.bin" % i, "wb") as f:\n        for _ in range(${mib} // 64):\n            f.write(r.randbytes(1 << 20))`)}`,
  )
  const overlay = readFileSync(join(inv, 'envs', 'lab.yaml'), 'utf8')
  const address = /name: docker1[\s\S]*?address: ([\d.]+)/.exec(overlay)?.[1]
  const labDir = join(tmp, '.kotadc', 'lab', site)
  const ssh = `ssh -i ${join(labDir, 'id_ed25519')} -o UserKnownHostsFile=${join(labDir, 'known_hosts')} -o BatchMode=yes kotadc@${address}`
  // The same restic calls the installed script makes (open or init, unlock, backup, forget --prune), with its settings.
  const script = inContainer('docker1', 'cat /usr/local/sbin/kotadc-backup-standard')
  const settings = script
    .split('\n')
    .filter((l) => /^(export RESTIC_|restic_\(\))/.test(l))
    .join('\n')
  const steps = script
    .split('\n')
    .filter((l) => /^restic_ |^step /.test(l))
    .map((l) => l.replace(/^step '[^']*' (backup_paths )?/, 'restic_ ').replace(/^restic_ restic_ /, 'restic_ '))
  const direct = `${settings}\n${steps.map((l) => (l.includes(' backup ') ? `${l} >/dev/null` : l)).join('\n')}`
  // Each timed run backs up the whole dataset into an empty repository, as the first backup of a host does.
  const prepare = `docker exec kotadc-lab-${site}-backup1 sh -c 'rm -rf /srv/restic/docker1/* /srv/restic/docker1/.[!.]*' && docker exec kotadc-lab-${site}-docker1 rm -rf /root/.cache/restic`
  const rows = hyperfine(
    [
      {
        name: 'kotadc backup run',
        cmd: `${process.execPath} ${join(repo, 'bin', 'run.js')} backup run --limit docker1 --env lab -i ${inv} --json > /dev/null`,
        prepare,
      },
      {name: 'ssh + restic directly', cmd: `${ssh} sudo -n bash -c ${q(q(`set -e\n${direct}`))}`, prepare},
    ],
    {runs, warmup: 0},
  )
  const [k, d] = rows
  const overhead = (k.median / d.median - 1) * 100
  const body = `Command: \`npm run bench:backup\` (bench/backup.mjs; hyperfine, ${runs} timed runs per row, no warm-up, both rows in one run). ${machine()}

Dataset: ${mib} MiB in 64 files of fixed-seed pseudo-random bytes (incompressible) on lab container docker1; the
repository is on lab container backup1, reached over SFTP with the keys and password the backups phase installed.
Before every timed run the repository and restic's cache are emptied, so each run backs up the whole dataset.

- **kotadc backup run**: \`kotadc backup run --limit docker1 --env lab --json\` (start-up, inventory, one SSH login,
  the installed policy script).
- **ssh + restic directly**: one \`ssh docker1 sudo -n bash -c …\` running the same restic calls as that script (open
  or init, unlock, backup, forget --prune) with the same settings.

${table(rows, {ratioTo: 'ssh + restic directly'})}

kotadc adds ${overhead.toFixed(1)}% wall time (target: at most 5%): ${overhead <= 5 ? 'met' : '**not met**'}.
`
  replaceSection(join(repo, 'docs', 'benchmarks.md'), 'Backup run overhead', body)
  console.log(body)
} finally {
  spawnSync(process.execPath, [join(repo, 'bin', 'run.js'), 'lab', 'down', '--yes', '-i', inv], {cwd: tmp, env, stdio: 'ignore'})
  rmSync(tmp, {recursive: true, force: true})
}
