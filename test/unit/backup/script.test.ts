import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import type {BackupItem, PolicyRun} from '../../../src/backup/plan.js'
import {planBackups} from '../../../src/backup/plan.js'
import type {BackupScriptInput} from '../../../src/backup/script.js'
import {backupScript, scriptInputFor} from '../../../src/backup/script.js'
import type {Inventory, Retention} from '../../../src/inventory/model.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/backup/scripts')

const runOf = (inv: Inventory, host: string): PolicyRun => {
  const run = planBackups(inv).hosts.find((h) => h.host === host)?.runs[0]
  if (!run) throw new Error(`no backup run on ${host}`)
  return run
}

const withPaths = (paths: string[], keep: Retention = {daily: 7, weekly: 4, monthly: 6, yearly: 1}): Inventory => {
  const inv = smallInventory()
  inv.backupPolicies = inv.backupPolicies.map((p) => ({...p, keep}))
  inv.workloads = inv.workloads.map((w) => (w.name === 'simpus' ? {...w, backup: {policy: 'standard', volumes: ['uploads'], paths}} : w))
  return inv
}

// Each case is a golden file: the whole script, reviewed once, so any change to the generated text shows in a diff.
const CASES: {name: string; input: () => BackupScriptInput}[] = [
  {name: 'docker-volume', input: () => scriptInputFor('docker1', runOf(smallInventory(), 'docker1'))},
  {name: 'postgres', input: () => scriptInputFor('db1', runOf(smallInventory(), 'db1'))},
  {
    name: 'hostile-paths',
    input: () =>
      scriptInputFor('docker1', runOf(withPaths(['/srv/a b', "/srv/it's", '/srv/$(reboot)', '/srv/`id`;rm -rf /', '/srv/new\nline']), 'docker1')),
  },
  {name: 'no-retention', input: () => scriptInputFor('docker1', runOf(withPaths(['/etc/simpus'], {}), 'docker1'))},
]

describe('backupScript golden files', () => {
  it.each(CASES)('$name', ({name, input}) => {
    const file = path.join(FIXTURES, `${name}.sh`)
    const text = backupScript(input())
    // KOTADC_UPDATE_GOLDEN=1 rewrites the files after an intended change; review the diff before committing it.
    if (process.env.KOTADC_UPDATE_GOLDEN === '1') writeFileSync(file, text)
    expect(text).toBe(readFileSync(file, 'utf8'))
  })

  it.each(CASES)('$name is valid bash (bash -n)', ({input}) => {
    expect(() => execFileSync('bash', ['-n'], {input: backupScript(input()), stdio: ['pipe', 'ignore', 'pipe']})).not.toThrow()
  })

  it.each(CASES)('$name never unlocks or prunes: the source host cannot delete sealed files, kotadc prunes', ({input}) => {
    const text = backupScript(input())
    expect(text).not.toMatch(/restic_ (unlock|forget --prune)/)
  })
})

describe('backupScript quoting', () => {
  // The item lines are run by bash with `step` replaced by a printer: bash must hand over each path byte for byte.
  const argvOf = (paths: string[]): string[][] => {
    const items: BackupItem[] = paths.map((p, i) => ({kind: 'files', workload: `w${i}`, agency: 'a', paths: [p], tags: ['t'], label: `item ${i}`}))
    const script = backupScript({
      host: 'h',
      policy: 'p',
      repositoryUrl: '/r',
      resticOptions: [],
      passwordFile: '/pw',
      stateDir: '/s',
      items,
      dumpCommand: ['dump'],
    })
    // A path may hold a newline, so the item section is cut out whole rather than line by line.
    const section = script.slice(script.indexOf('\nstep '), script.indexOf('\nif [ "${#failed'))
    const out = execFileSync('bash', ['-c', `step() { printf '%s\\0' "$@"; printf '\\0'; }\n${section}`], {encoding: 'utf8'})
    // No argument is empty, so an empty one ends each item.
    const argvs: string[][] = [[]]
    for (const a of out.split('\0').slice(0, -1)) {
      if (a === '') argvs.push([])
      else argvs[argvs.length - 1]?.push(a)
    }
    return argvs.slice(0, -1)
  }

  // Shell metacharacters, control characters and non-ASCII text: everything a path may hold except NUL.
  const charArb = fc.oneof(
    fc.constantFrom("'", '"', '$', '`', '\\', '\n', '\t', ' ', ';', '&', '|', '*', '?', '!', '#', '~', '-', '=', '(', '{', 'é', '中'),
    fc.integer({min: 1, max: 127}).map((c) => String.fromCharCode(c)),
  )
  const pathArb = fc.string({unit: charArb, minLength: 1, maxLength: 30}).map((s) => `/${s}`)

  it('hands fixed hostile paths over byte for byte (beside the property below)', () => {
    const paths = ["/srv/a'b'c", "/srv/''", '/srv/$(reboot)', '/srv/`id`;rm -rf /', '/srv/new\nline', '/srv/-- --x', "/srv/\\'\\"]
    expect(argvOf(paths).map((argv) => argv.at(-1))).toEqual(paths)
  })

  // One bash per run: bounded runs and a timeout a loaded 2-core machine meets.
  it('hands every path to restic as exactly one argument, after --', {timeout: 60_000}, () => {
    fc.assert(
      fc.property(fc.array(pathArb, {minLength: 1, maxLength: 20}), (paths) => {
        const got = argvOf(paths)
        expect(got.map((argv) => argv[argv.length - 1])).toEqual(paths)
        expect(got.every((argv) => argv[argv.length - 2] === '--')).toBe(true)
      }),
      {numRuns: 25},
    )
  })
})
