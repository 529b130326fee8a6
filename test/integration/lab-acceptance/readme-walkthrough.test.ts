import {cpSync, mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runKotadc as cli} from '../../helpers/cli.js'
import {LAB_CLI_TIMEOUT_MS, LAB_TEST_TIMEOUT_MS, labFenceEnv, requireLab, writeExampleSite} from '../../helpers/lab.js'
import {labHooks} from '../../helpers/lab-state.js'

// The README's "Rehearse in the lab" block, command by command as written, on a copy of the shipped example: each
// must exit 0. Only the site name (container names) and the lab pool (KOTADC_LAB_POOL) are this test's own, so it
// can run beside other lab tests; the commands themselves are read from the README, not restated here.
const repo = join(import.meta.dirname, '..', '..', '..')
const req = requireLab()
const site = `readme-${process.pid}`
const pool = `10.${20 + (process.pid % 40)}.0.0/16`

const readme = readFileSync(join(repo, 'README.md'), 'utf8')
const block = /## Rehearse in the lab\n+```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
const commands = block
  .split('\n')
  .map((l) => l.replace(/#.*$/, '').trim())
  .filter(Boolean)

describe.skipIf(!req.ok)(
  `the README's lab walk-through, literally${req.reason ? ` (skipped: ${req.reason})` : ''}`,
  {timeout: LAB_TEST_TIMEOUT_MS},
  () => {
    let tmp: string | undefined
    const run = (argv: string[]) =>
      cli(argv, {...(tmp ? {cwd: tmp} : {}), timeoutMs: LAB_CLI_TIMEOUT_MS, env: {...labFenceEnv(pool), KOTADC_LAB_POOL: pool}})
    labHooks(
      site,
      () => tmp,
      () => run(['lab', 'down', '--yes']),
    )

    it('the README has the block, starting with lab up and ending with lab down', () => {
      expect(commands[0]).toBe('npx kotadc lab up')
      expect(commands.at(-1)).toBe('npx kotadc lab down --yes')
      expect(commands.every((c) => c.startsWith('npx kotadc '))).toBe(true)
    })

    it('every command exits 0, in order', () => {
      tmp = mkdtempSync(join(tmpdir(), 'kotadc-readme-'))
      cpSync(join(repo, 'inventory'), join(tmp, 'inventory'), {recursive: true, filter: (src) => !src.endsWith('envs/lab.yaml')})
      writeExampleSite(join(tmp, 'inventory', 'site.yaml'), site)
      for (const command of commands) {
        // Plain words only in this block (no quotes), so splitting on spaces is what a shell would do.
        const r = run(command.replace(/^npx kotadc /, '').split(/\s+/))
        expect(r.status, `${command}\n${r.stderr.slice(-3000)}\n${r.stdout.slice(-2000)}`).toBe(0)
      }
    })
  },
)
