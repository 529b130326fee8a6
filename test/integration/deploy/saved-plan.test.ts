import {execFileSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateIdentity, identityToRecipient} from 'age-encryption'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {readSavedPlan} from '../../../src/exec/saved-plan-file.js'
import {writeSecretsMap} from '../../../src/exec/secrets-file.js'
import type {Inventory} from '../../../src/inventory/model.js'
import {AUDIT_FILE, defaultGit, deployLockAndAudit} from '../../../src/services/deploy.js'
import {defaultSiteDeps, type SiteDeps} from '../../../src/services/deploy/context.js'
import type {SynthesizedStack} from '../../../src/services/deploy/stacks.js'
import {openInventory} from '../../../src/services/inventory-open.js'
import {planSite} from '../../../src/services/plan.js'
import {deploySavedPlan, openSavedPlan} from '../../../src/services/saved-plan/apply.js'
import {planToFile} from '../../../src/services/saved-plan/save.js'
import {dockerStackName} from '../../../stacks/docker-naming.js'
import {secretVariableName} from '../../../stacks/secret-variables.js'
import {runKotadc as cli} from '../../helpers/cli.js'
import {LAB_CLI_TIMEOUT_MS, LAB_TEST_TIMEOUT_MS, labFenceEnv, requireLab} from '../../helpers/lab.js'
import {labHooks} from '../../helpers/lab-state.js'
import {requireBinary} from '../../helpers/require.js'

const repo = join(import.meta.dirname, '..', '..', '..')
const built = existsSync(join(repo, 'dist', 'src', 'services', 'saved-plan', 'apply.js'))
const lab = requireLab()
const terraform = requireBinary('terraform')
const reason = lab.reason ?? terraform.reason ?? (built ? undefined : 'kotadc is not built (npm run build)')
const site = `sp${process.pid}`
const pool = `10.${60 + (process.pid % 30)}.0.0/16`
const SECRET = 'KESRA_DB_PASSWORD'
const VALUE = 'pw-reviewed-plan-7c41'

// dock1 runs one container workload with a secret; web1 and db1 get the base playbook.
const DOCKER_HOST = `  - name: dock1
    address: 10.10.0.13
    network: mgmt
    roles: [docker]
    vars: { dockerService: false }
`
const AGENCY = `agency:
  code: kesra
  name: Bagian Kesra
  contact: {name: Admin Kesra, email: it@kesra.example}
workloads:
  - name: bansos
    kind: container
    host: dock1
    image: registry.internal/kesra/bansos:1.0.0
    port: 8080
    secrets: [${SECRET}]
`

/**
 * The docker provider cannot be installed here, so each docker host's stack is stood in for by a terraform_data
 * holding what the real stack would: the container's image from the inventory and its secret, as a sensitive
 * variable whose value terraform puts in clear into the plan file.
 */
const standInSynth = async (inv: Inventory, hosts: readonly string[]): Promise<SynthesizedStack[]> =>
  hosts.map((host) => {
    const w = inv.workloads.find((x) => x.kind === 'container' && x.host === host)
    const image = w && w.kind === 'container' ? w.image : 'none'
    const variable = secretVariableName(SECRET)
    const json = {
      variable: {[variable]: {type: 'string', sensitive: true}},
      resource: {terraform_data: {app: {input: {image, password: `\${var.${variable}}`}}}},
    }
    return {stack: dockerStackName(host), host, containers: w ? 1 : 0, json: `${JSON.stringify(json, null, 2)}\n`, synthesized: true}
  })

describe.skipIf(reason !== undefined)(
  `saved plans: plan --out, then deploy --plan, against the lab and real terraform${reason ? ` (skipped: ${reason})` : ''}`,
  {timeout: LAB_TEST_TIMEOUT_MS},
  () => {
    let tmp: string
    let identityFile: string
    const invDir = () => join(tmp, 'inventory')
    const environ = () => ({...process.env, ...labFenceEnv(pool), KOTADC_AGE_IDENTITY: identityFile})
    const kotadc = (...args: string[]) =>
      cli([...args, '-i', invDir()], {cwd: tmp, timeoutMs: LAB_CLI_TIMEOUT_MS, env: {...labFenceEnv(pool), KOTADC_AGE_IDENTITY: identityFile}})
    const inLab = (host: string, ...argv: string[]) => execFileSync('docker', ['exec', `kotadc-lab-${site}-${host}`, ...argv], {encoding: 'utf8'})
    const edit = (file: string, from: string, to: string) => {
      const path = join(invDir(), file)
      writeFileSync(path, readFileSync(path, 'utf8').replace(from, to))
    }
    const setSecret = async (value: string) => {
      const recipient = await identityToRecipient(readFileSync(identityFile, 'utf8').trim())
      await writeSecretsMap(invDir(), {[SECRET]: value}, [recipient])
    }
    const site$ = async () => {
      const {inventory} = await openInventory({dir: invDir(), env: 'lab', environ: environ()})
      const base = defaultSiteDeps(inventory, {environ: environ(), cwd: tmp, tty: false})
      const deps: SiteDeps = {...base, synthStacks: standInSynth}
      return {inv: inventory, deps}
    }
    const deployDeps = (inv: Inventory, deps: SiteDeps, command: string) => ({
      ...deps,
      ...deployLockAndAudit(inv, {cwd: tmp, environ: environ(), command}),
      git: defaultGit,
      clock: () => new Date(),
    })
    const deployOpts = (command: string) => ({limit: [], phases: [], environ: environ(), cwd: tmp, command})

    const fenceBefore = process.env.KOTADC_ALLOWED_NETWORKS
    // The in-process runs connect through connectSsh, whose fence reads this process's environment: this lab's pool only.
    afterAll(() => {
      if (fenceBefore === undefined) delete process.env.KOTADC_ALLOWED_NETWORKS
      else process.env.KOTADC_ALLOWED_NETWORKS = fenceBefore
    })

    beforeAll(async () => {
      Object.assign(process.env, labFenceEnv(pool))
      tmp = mkdtempSync(join(tmpdir(), 'kotadc-saved-plan-'))
      cpSync(join(repo, 'test', 'fixtures', 'inventory', 'lab-small'), invDir(), {recursive: true})
      edit('site.yaml', 'name: labsmall', `name: ${site}`)
      writeFileSync(join(invDir(), 'hosts.yaml'), `${readFileSync(join(invDir(), 'hosts.yaml'), 'utf8').trimEnd()}\n${DOCKER_HOST}`)
      writeFileSync(join(invDir(), 'agencies', 'kesra.yaml'), AGENCY)
      // The fixture's VM agency plays no part here (no phase of this file reaches a hypervisor).
      rmSync(join(invDir(), 'agencies', 'dinkes.yaml'))
      identityFile = join(tmp, 'ci-identity.txt')
      writeFileSync(identityFile, `${await generateIdentity()}\n`, {mode: 0o600})
      await setSecret(VALUE)
      const up = kotadc('lab', 'up', '--pool', pool, '--json')
      if (up.status !== 0) throw new Error(`lab up failed: ${up.stdout}${up.stderr}`)
    }, 600_000)
    labHooks(
      site,
      () => tmp,
      () => kotadc('lab', 'down', '--yes'),
    )

    it('plan --out saves an encrypted 0600 bundle; deploy --plan applies its terraform plan file and playbook changes, recorded in the audit', async () => {
      const file = join(tmp, 'reviewed.age')
      const {inv, deps} = await site$()
      const phases = ['base', 'containers']
      const planned = await planToFile(
        inv,
        file,
        {limit: ['web1', 'dock1'], phases, environ: environ(), cwd: tmp},
        {...deps, git: defaultGit, clock: () => new Date()},
      )
      expect(planned.exitCode, JSON.stringify(planned)).toBe(2)
      expect(statSync(file).mode & 0o777).toBe(0o600)
      const bytes = readFileSync(file)
      expect(bytes.subarray(0, 21).toString()).toBe('age-encryption.org/v1')
      expect(bytes.includes(Buffer.from(VALUE))).toBe(false)
      const {plan, sha256} = await readSavedPlan(file, identityFile)
      expect(sha256).toBe(planned.saved?.sha256)
      expect(plan.stacks).toMatchObject([{stack: 'docker-dock1', host: 'dock1', state: null, report: {counts: {create: 1}}}])
      expect(plan.stacks[0]?.planFile).toBeDefined()
      expect(plan.hosts.map((h) => h.host).sort()).toEqual(['dock1', 'web1'])
      expect(Object.keys(plan.inputs.secrets)).toEqual([SECRET])
      expect(plan.inputs.files['inventory/agencies/kesra.yaml']).toMatch(/^[0-9a-f]{64}$/)

      const saved = await openSavedPlan(inv, file, {cwd: tmp, environ: environ()})
      const r = await deploySavedPlan(
        inv,
        saved,
        deployOpts('kotadc deploy --plan reviewed.age'),
        deployDeps(inv, deps, 'kotadc deploy --plan reviewed.age'),
      )
      expect(r.outcome, JSON.stringify(r.phases)).toBe('succeeded')
      expect(r.phases.map((p) => [p.name, p.status])).toEqual([
        ['base', 'changed'],
        ['containers', 'changed'],
      ])
      expect(r.phases[1]?.stacks).toMatchObject([{stack: 'docker-dock1', applied: true}])
      expect(r.audit.savedPlan).toBe(sha256)
      const audit = readFileSync(join(tmp, AUDIT_FILE), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as {savedPlan?: string})
      expect(audit.at(-1)?.savedPlan).toBe(sha256)
      // The reviewed plan file was applied and removed: nothing with the secret stays in the stack directory.
      expect(existsSync(join(tmp, '.kotadc', 'stacks', 'docker-dock1', 'kotadc.tfplan'))).toBe(false)
      const again = await planSite(inv, {limit: ['web1', 'dock1'], phases, environ: environ(), cwd: tmp}, deps)
      expect(again.phases.map((p) => [p.name, p.status])).toEqual([
        ['base', 'unchanged'],
        ['containers', 'unchanged'],
      ])
    })

    it('a stack whose terraform state moved after the plan is refused by name before any host changes', async () => {
      const file = join(tmp, 'state.age')
      const {inv, deps} = await site$()
      edit('agencies/kesra.yaml', 'bansos:1.0.0', 'bansos:1.1.0')
      const opts = {limit: ['db1', 'dock1'], phases: ['base', 'containers'], environ: environ(), cwd: tmp}
      const planned = await planToFile(inv, file, opts, {...deps, git: defaultGit, clock: () => new Date()})
      expect(planned.exitCode).toBe(2)
      // Someone applies to the stack by hand between review and deploy.
      const dir = join(tmp, '.kotadc', 'stacks', 'docker-dock1')
      execFileSync('terraform', ['apply', '-input=false', '-no-color', '-auto-approve', '-replace=terraform_data.app'], {
        cwd: dir,
        env: {...process.env, [`TF_VAR_${secretVariableName(SECRET)}`]: VALUE, CHECKPOINT_DISABLE: '1'},
        stdio: 'ignore',
      })
      const saved = await openSavedPlan(inv, file, {cwd: tmp, environ: environ()})
      const err = await deploySavedPlan(inv, saved, deployOpts('kotadc deploy --plan state.age'), deployDeps(inv, deps, 'x')).catch((e: unknown) => e)
      expect(err).toMatchObject({code: 'SAVED_PLAN_STALE'})
      expect((err as Error).message).toContain('stack docker-dock1: its terraform state changed since the plan')
      // db1's base changes are still pending: nothing ran.
      const now = await planSite(inv, {...opts, phases: ['base']}, deps)
      expect(now.phases[0]?.status).toBe('changes')
    })

    it('changing one inventory value between plan --out and deploy --plan is refused naming the file; nothing changes (CLI, no --yes)', () => {
      const p = kotadc('plan', '--env', 'lab', '--phase', 'base', '--limit', 'db1', '--out', 'mr.age', '--json')
      expect(p.status, p.stderr).toBe(2)
      edit('site.yaml', 'timezone: Asia/Makassar', 'timezone: Asia/Jakarta')
      const d = kotadc('deploy', '--env', 'lab', '--plan', 'mr.age', '--json')
      expect(d.status, d.stdout + d.stderr).toBe(1)
      const error = d.json().error as {code: string; message: string; details: {differences: {kind: string; name: string}[]}}
      expect(error.code).toBe('SAVED_PLAN_STALE')
      expect(error.message).toContain('file inventory/site.yaml changed since the plan')
      expect(error.details.differences).toEqual([{kind: 'file', name: 'inventory/site.yaml', what: 'changed since the plan'}])
      edit('site.yaml', 'timezone: Asia/Jakarta', 'timezone: Asia/Makassar')
      expect(inLab('db1', 'sh', '-c', 'cat /etc/timezone 2>/dev/null || true').trim()).not.toBe('Asia/Jakarta')
      const still = kotadc('plan', '--env', 'lab', '--phase', 'base', '--limit', 'db1', '--json')
      expect(still.status).toBe(2)
    })

    it('a changed secret is refused by name (never its value); a host whose facts moved is refused naming host and task', async () => {
      const s = kotadc('plan', '--env', 'lab', '--phase', 'base', '--limit', 'db1', '--out', 'secret.age', '--json')
      expect(s.status, s.stderr).toBe(2)
      await setSecret('pw-rotated-after-review')
      const bySecret = kotadc('deploy', '--env', 'lab', '--plan', 'secret.age', '--json')
      expect(bySecret.status).toBe(1)
      expect(bySecret.json().error.message).toContain(`secret ${SECRET} changed since the plan`)
      expect(bySecret.stdout + bySecret.stderr).not.toContain('pw-rotated-after-review')
      expect(bySecret.stdout + bySecret.stderr).not.toContain(VALUE)

      const f = kotadc('plan', '--env', 'lab', '--phase', 'base', '--limit', 'db1', '--out', 'facts.age', '--json')
      expect(f.status, f.stderr).toBe(2)
      // Someone fixes the time zone on db1 by hand: the reviewed plan would have changed it, now it would not.
      inLab('db1', 'sh', '-c', 'printf "Asia/Makassar\\n" > /etc/timezone && chmod 0644 /etc/timezone')
      const byFacts = kotadc('deploy', '--env', 'lab', '--plan', 'facts.age', '--json')
      expect(byFacts.status, byFacts.stdout + byFacts.stderr).toBe(1)
      const error = byFacts.json().error as {code: string; message: string}
      expect(error.code).toBe('SAVED_PLAN_STALE')
      expect(error.message).toContain('host db1, task "timezone: /etc/timezone" (phase base): planned: change')
      const audit = readFileSync(join(tmp, AUDIT_FILE), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as {outcome: string; error?: string; phases: {status: string}[]})
      expect(audit.at(-1)).toMatchObject({outcome: 'failed', error: 'SAVED_PLAN_STALE', phases: [{status: 'not-run'}]})
    })

    it('a fresh plan --out is applied by deploy --plan without --yes when there is no terminal', () => {
      const p = kotadc('plan', '--env', 'lab', '--phase', 'base', '--limit', 'db1', '--out', 'final.age', '--format', 'markdown')
      expect(p.status, p.stderr).toBe(2)
      expect(p.stdout).toContain('### kotadc plan: site **')
      expect(p.stdout).toContain('Saved plan final.age')
      const d = kotadc('deploy', '--env', 'lab', '--plan', 'final.age', '--json')
      expect(d.status, d.stdout + d.stderr).toBe(0)
      expect(d.json()).toMatchObject({outcome: 'succeeded', phases: [{name: 'base', status: 'changed'}]})
      expect(inLab('db1', 'cat', '/etc/timezone').trim()).toBe('Asia/Makassar')
      const mixed = kotadc('deploy', '--env', 'lab', '--plan', 'final.age', '--phase', 'base')
      expect(mixed.status).toBe(2)
      expect(mixed.stderr).toMatch(/--phase=base cannot also be provided when using --plan|cannot also be provided/)
    })
  },
)
