import {spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runKotadc} from '../helpers/cli.js'
import {requireBinary} from '../helpers/require.js'

const terraform = requireBinary('terraform')
const realTerraform = terraform.ok ? spawnSync('sh', ['-c', 'command -v terraform'], {encoding: 'utf8'}).stdout.trim() : ''

/** dinkes's database password: it must appear nowhere the attacker's run could leave it. */
const STOLEN = 'dinkes-db-pw-5e1c9a77'
const OWN = 'disdik-api-key-03b2f4'

// Hosts on loopback only: even a run that went wrong could not reach anything but this machine.
const SITE = `schemaVersion: 1
site: {name: ownerdc, domain: owner.example.go.id, timezone: UTC, ssh: {user: kotadc}}
networks:
  - {name: lo, cidr: 127.0.0.0/24, gateway: 127.0.0.1}
terraform: {backend: {type: local}}
`
const HOSTS = 'hosts:\n  - {name: docker1, address: 127.0.0.21, network: lo, roles: [docker]}\n'
const DINKES = `agency: {code: dinkes, name: Dinas Kesehatan}
workloads:
  - {name: simpus, kind: container, host: docker1, image: registry.internal/dinkes/simpus:2.4.1, port: 8080, secrets: [SIMPUS_DB_PASSWORD]}
`
const disdik = (secrets: string): string => `agency: {code: disdik, name: Dinas Pendidikan}
workloads:
  - name: sekolah
    kind: container
    host: docker1
    image: registry.internal/disdik/sekolah:1.0.0
    port: 8081
    secrets: [${secrets}]
`

/** Every file below `dir`, recursively. */
const filesIn = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesIn(join(dir, n)) : [join(dir, n)])) : []

describe("an agency file naming another agency's secret (spawned CLI)", () => {
  let project: string
  let shimLog: string
  let env: Record<string, string>

  const write = (inventory: string, secrets: string): void => {
    mkdirSync(join(project, inventory, 'agencies'), {recursive: true})
    writeFileSync(join(project, inventory, 'site.yaml'), SITE)
    writeFileSync(join(project, inventory, 'hosts.yaml'), HOSTS)
    writeFileSync(join(project, inventory, 'agencies', 'dinkes.yaml'), DINKES)
    writeFileSync(join(project, inventory, 'agencies', 'disdik.yaml'), disdik(secrets))
  }
  const kotadc = (...argv: string[]) => runKotadc(argv, {cwd: project, env})

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'kotadc-secret-owners-'))
    write('attack', 'SEKOLAH_API_KEY, SIMPUS_DB_PASSWORD')
    write('honest', 'SEKOLAH_API_KEY')
    // A terraform first on PATH that records every call and the TF_VAR_s it was given, then runs the real one:
    // the attack must never reach it.
    const bin = join(project, 'bin')
    shimLog = join(project, 'terraform-calls.log')
    mkdirSync(bin)
    writeFileSync(
      join(bin, 'terraform'),
      `#!/bin/sh\n{ echo "terraform $*"; env | grep '^TF_VAR_'; } >> '${shimLog}'\n${realTerraform ? `exec '${realTerraform}' "$@"` : 'exit 1'}\n`,
    )
    chmodSync(join(bin, 'terraform'), 0o755)
    env = {PATH: `${bin}:${process.env.PATH}`, KOTADC_SECRET_SIMPUS_DB_PASSWORD: STOLEN, KOTADC_SECRET_SEKOLAH_API_KEY: OWN}
  })
  afterAll(() => rmSync(project, {recursive: true, force: true}))

  const refusedAtTheReference = (r: {status: number | null; stdout: string; stderr: string}): void => {
    expect(r.status, r.stderr).toBe(1)
    const error = JSON.parse(r.stdout).error
    expect(error.code).toBe('INVENTORY_INVALID')
    expect(
      error.details.issues.map((i: {code: string; location: {file: string; line: number; col: number}}) => [
        i.code,
        i.location.file,
        i.location.line,
        i.location.col,
      ]),
    ).toEqual([['INVENTORY_SECRET_FOREIGN', 'attack/agencies/disdik.yaml', 8, 32]])
    expect(r.stdout + r.stderr).not.toContain(STOLEN)
  }

  it('stacks synth refuses before anything is synthesized', () => {
    refusedAtTheReference(kotadc('stacks', 'synth', '-i', 'attack', '--json'))
    expect(existsSync(join(project, '.kotadc'))).toBe(false)
  })

  it('plan refuses before terraform runs, so no TF_VAR with the stolen password is ever produced', () => {
    refusedAtTheReference(kotadc('plan', '-i', 'attack', '--phase', 'containers', '--json'))
    expect(existsSync(shimLog)).toBe(false)
    expect(existsSync(join(project, '.kotadc'))).toBe(false)
    expect(filesIn(project).filter((f) => readFileSync(f, 'latin1').includes(STOLEN))).toEqual([])
  })

  it.skipIf(!terraform.ok)(
    `the same site without the stolen name synthesizes its stack (the refusal above is the rule, not a broken setup)${terraform.reason ? ` (skipped: ${terraform.reason})` : ''}`,
    () => {
      const r = kotadc('stacks', 'synth', '-i', 'honest', '--json')
      expect(r.status, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout).stacks.map((s: {stack: string}) => s.stack)).toEqual(['docker-docker1'])
      const stack = filesIn(join(project, '.kotadc'))
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n')
      expect(stack).toContain('secret_SEKOLAH_API_KEY')
      expect(stack).not.toContain(STOLEN)
      // The shim did run here: its silence in the attack runs above is meaningful.
      expect(readFileSync(shimLog, 'utf8')).toContain('terraform ')
    },
  )
})
