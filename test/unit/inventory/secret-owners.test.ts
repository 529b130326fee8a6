import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {passwordSecretName} from '../../../src/backup/conventions.js'
import {InventoryInvalidError} from '../../../src/errors/inventory-issue.js'
import {loadFromSources, type SourceFile} from '../../../src/inventory/load.js'
import {isReservedSecret, siteSecretProblem} from '../../../src/inventory/validate/secret-owners.js'
import {CA_CERT_SECRET, CA_KEY_SECRET} from '../../../src/pki/openssl.js'

const MIN = path.resolve(import.meta.dirname, '../../fixtures/inventory/valid/minimal')
const FILES = ['site.yaml', 'hosts.yaml', 'agencies/dinkes.yaml', 'agencies/disdik.yaml', 'envs/lab.yaml']

/** valid/minimal with `extra` appended to the files it names. */
const sources = (extra: Record<string, string> = {}): SourceFile[] =>
  FILES.map((f) => ({path: `inv/${f}`, text: readFileSync(path.join(MIN, f), 'utf8') + (extra[f] ?? '')}))

const container = (name: string, secrets: string, port: number): string =>
  `  - {name: ${name}, kind: container, host: docker1, image: registry.internal/x/${name}:1, port: ${port}, secrets: [${secrets}]}\n`

const issuesOf = (files: SourceFile[], env?: string): {code: string; where: string}[] => {
  try {
    loadFromSources(files, {dir: 'inv', ...(env ? {env} : {}), secrets: {has: () => true}})
    return []
  } catch (e) {
    if (!(e instanceof InventoryInvalidError)) throw e
    return e.issues.map((i) => ({code: i.code, where: `${i.location.file}:${i.location.line}`}))
  }
}

describe('secret owners', () => {
  it('every name kotadc reads from the store for itself is reserved, in every spelling the store resolves', () => {
    const own = [CA_KEY_SECRET, CA_CERT_SECRET, passwordSecretName('db1'), passwordSecretName('backup-2')]
    for (const name of [...own, ...own.map((n) => n.toLowerCase().replaceAll('_', '-'))]) expect(isReservedSecret(name), name).toBe(true)
    expect(isReservedSecret('SIMPUS_DB_PASSWORD')).toBe(false)
  })

  it("an agency uses secrets named by its code or by any of its own workloads, including another of its workloads' secret", () => {
    const files = sources({'agencies/disdik.yaml': container('sekolah', 'DISDIK_SMTP_PASSWORD, SEKOLAH_API_KEY, ARSIP_BACKUP_TOKEN', 8081)})
    expect(issuesOf(files)).toEqual([])
  })

  it("a postgres workload's passwordSecret follows the same rule: its own agency's name passes, dinkes's is refused at its line", () => {
    const pg = (secret: string) => `  - {name: dapodik-db, kind: postgres, host: db1, databases: [dapodik], passwordSecret: ${secret}}\n`
    expect(issuesOf(sources({'agencies/disdik.yaml': pg('DAPODIK_DB_PASSWORD')}))).toEqual([])
    expect(issuesOf(sources({'agencies/disdik.yaml': pg('SIMPUS_DB_PASSWORD')}))).toEqual([{code: 'INVENTORY_SECRET_FOREIGN', where: 'inv/agencies/disdik.yaml:25'}])
  })

  it("a site overlay giving a workload another agency's secret is refused at the overlay's line", () => {
    const files = sources({'envs/lab.yaml': '    secrets: [SIMPUS_DB_PASSWORD, SEKOLAH_API_KEY]\n', 'agencies/disdik.yaml': container('sekolah', 'SEKOLAH_API_KEY', 8081)})
    // The overlay's last entry is simpus (dinkes): it gains disdik's key.
    expect(issuesOf(files, 'lab')).toEqual([{code: 'INVENTORY_SECRET_FOREIGN', where: 'inv/envs/lab.yaml:11'}])
  })

  it('a workload added by one agency cannot take over a name another agency already owns: both are refused', () => {
    // SIMPUS_X_… starts with dinkes's SIMPUS_ as well as disdik's own SIMPUS_X_: neither may have it.
    const own = sources({'agencies/disdik.yaml': container('simpus-x', 'SIMPUS_X_TOKEN', 8081)})
    expect(issuesOf(own)).toEqual([{code: 'INVENTORY_SECRET_AMBIGUOUS', where: 'inv/agencies/disdik.yaml:25'}])
    const steal = sources({'agencies/disdik.yaml': container('simpus-db-password', 'SIMPUS_DB_PASSWORD_ANY, SIMPUS_DB_PASSWORD', 8081)})
    expect(issuesOf(steal)).toEqual([
      {code: 'INVENTORY_SECRET_AMBIGUOUS', where: 'inv/agencies/disdik.yaml:25'},
      {code: 'INVENTORY_SECRET_FOREIGN', where: 'inv/agencies/disdik.yaml:25'},
    ])
  })
})

describe('site playbook secrets (siteSecretProblem)', () => {
  const owners = {
    agencies: [{code: 'dinkes'}, {code: 'disdik'}],
    workloads: [
      {name: 'simpus', agency: 'dinkes'},
      {name: 'e', agency: 'dinkes'},
      {name: 'e-office', agency: 'disdik'},
    ],
  }

  it("allows kotadc's own families and a secret exactly one agency owns", () => {
    expect(siteSecretProblem('SITE_GRAFANA_ADMIN_PASSWORD', owners)).toBeUndefined()
    expect(siteSecretProblem('RESTIC_PASSWORD_DB1', owners)).toBeUndefined()
    expect(siteSecretProblem('SIMPUS_DB_PASSWORD', owners)).toBeUndefined()
    expect(siteSecretProblem('DISDIK_SMTP_PASSWORD', owners)).toBeUndefined()
  })

  it('attack: a name no agency owns yet is refused, since an agency could claim it by adding a workload of that name', () => {
    expect(siteSecretProblem('GRAFANA_ADMIN_PASSWORD', owners)).toContain('no agency owns secret GRAFANA_ADMIN_PASSWORD')
    // Why: with a workload `grafana` in disdik the name is disdik's, and disdik's containers could be given it.
    expect(siteSecretProblem('GRAFANA_ADMIN_PASSWORD', {...owners, workloads: [...owners.workloads, {name: 'grafana', agency: 'disdik'}]})).toBeUndefined()
  })

  it('refuses a name two agencies could claim', () => {
    expect(siteSecretProblem('E_OFFICE_DB_PASSWORD', owners)).toBe('secret E_OFFICE_DB_PASSWORD could belong to agencies dinkes and disdik')
  })
})
