// Writes what each of the three contestants needs to reach a fleet (bench/ssh/fleet.mjs): a kotadc repository
// (inventory with pinned host keys, the playbook, its templates and files), an ansible-core project, and the floor's
// host list and script. Returns the shell command line of each, for hyperfine and for the checked runs.
import {cpSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const q = (s) => `'${String(s).replaceAll("'", "'\\''")}'`

/** kotadc's side: a repository whose inventory lists every host of the fleet with its pinned host key. */
export function writeKotadc(dir, fleet) {
  const inv = join(dir, 'inventory')
  mkdirSync(join(inv, 'playbooks'), {recursive: true})
  writeFileSync(
    join(inv, 'site.yaml'),
    `schemaVersion: 1
site:
  name: bench-ssh
  domain: bench.example.go.id
  timezone: Asia/Makassar
  ssh: {user: root, port: ${fleet.hosts[0].port}, identityFile: ${fleet.clientKey}}
  admins: []
networks:
  - {name: lo, cidr: ${fleet.cidr}, gateway: ${fleet.cidr.replace(/0\/24$/, '1')}}
terraform:
  binary: terraform
  backend: {type: local}
backupPolicies: []
`,
  )
  writeFileSync(
    join(inv, 'hosts.yaml'),
    `hosts:\n${fleet.hosts
      .map((h) => `  - name: ${h.name}\n    address: ${h.address}\n    network: lo\n    roles: [proxy]\n    hostKey: "${h.fingerprint}"\n`)
      .join('')}`,
  )
  cpSync(join(here, 'kotadc', 'playbook.yaml'), join(inv, 'playbooks', 'bench.yaml'))
  cpSync(join(here, 'kotadc', 'templates'), join(dir, 'templates'), {recursive: true})
  // copy sources live under templates/, like template sources
  cpSync(join(here, 'files'), join(dir, 'templates', 'files'), {recursive: true})
}

function writeAnsible(dir, fleet) {
  mkdirSync(dir, {recursive: true})
  cpSync(join(here, 'ansible'), dir, {recursive: true})
  cpSync(join(here, 'files'), join(dir, '..', 'files'), {recursive: true})
  writeFileSync(
    join(dir, 'hosts.ini'),
    `[bench]\n${fleet.hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_port=${h.port}\n`).join('')}
[bench:vars]
ansible_user=root
ansible_ssh_private_key_file=${fleet.clientKey}
`,
  )
  writeFileSync(
    join(dir, 'ansible.cfg'),
    `[defaults]
inventory = hosts.ini
forks = ${fleet.hosts.length}
gathering = explicit
host_key_checking = True
interpreter_python = /usr/bin/python3
retry_files_enabled = False
nocows = True

[ssh_connection]
pipelining = True
ssh_args = -F /dev/null -o ControlMaster=auto -o ControlPersist=60s -o IdentitiesOnly=yes -o UserKnownHostsFile=${fleet.knownHosts}
`,
  )
  return dir
}

function writeFloor(dir, fleet) {
  mkdirSync(dir, {recursive: true})
  const motd = readFileSync(join(here, 'files', 'motd'), 'utf8').replace(/\n$/, '')
  const script = join(dir, 'tasks.sh')
  writeFileSync(script, readFileSync(join(here, 'floor', 'tasks.sh'), 'utf8').replace('@MOTD@', motd))
  const hosts = join(dir, 'hosts.txt')
  writeFileSync(hosts, fleet.hosts.map((h) => `${h.name} ${h.address} ${h.port}\n`).join(''))
  return {script, hosts}
}

/** Commands (sh syntax) running one full playbook run of each tool against the fleet. */
export function setupContestants(work, fleet, {node = process.execPath, repo = process.cwd(), forks = fleet.hosts.length} = {}) {
  writeKotadc(join(work, 'kotadc'), fleet)
  const ansible = writeAnsible(join(work, 'ansible', 'project'), fleet)
  const floor = writeFloor(join(work, 'floor'), fleet)
  return {
    kotadc: (out = '/dev/null') =>
      `cd ${q(join(work, 'kotadc'))} && ${q(node)} ${q(join(repo, 'bin', 'run.js'))} run bench -i inventory --yes --json --forks ${forks} > ${q(out)}`,
    // A fresh ControlPath directory per run: each run pays for its own connections, as the other two do.
    ansible: (out = '/dev/null') =>
      `cd ${q(ansible)} && ANSIBLE_SSH_CONTROL_PATH_DIR=$(mktemp -d ${q(join(work, 'cp'))}.XXXXXX) ansible-playbook playbook.yaml > ${q(out)}`,
    floor: (outDir = '') =>
      `${q(join(repo, 'bench', 'ssh', 'floor', 'run.sh'))} ${q(floor.hosts)} ${q(floor.script)} ${q(fleet.clientKey)} ${q(fleet.knownHosts)} ${outDir ? q(outDir) : ''}`,
  }
}
