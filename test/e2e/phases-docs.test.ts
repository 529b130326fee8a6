import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {BUILTIN_PLAYBOOKS} from '../../src/services/builtin-playbooks.js'
import {PHASES} from '../../src/services/deploy/phases.js'
import {REPO_ROOT, runKotadc} from '../helpers/cli.js'

// The phase list has one owner (src/services/deploy/phases.ts); the README and the help texts must not drift from it.
describe('the deploy phases, as the README and the help show them', () => {
  it('every playbook phase runs a registered built-in playbook', () => {
    const builtins = BUILTIN_PLAYBOOKS.map((b) => b.name)
    for (const p of PHASES.filter((x) => x.kind === 'playbook')) expect(builtins, p.name).toContain(p.runs)
  })

  it("the README's phase table lists every phase, in order, with its summary", () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
    const table = /<!-- phases:[^>]*-->\n([\s\S]*?)<!-- \/phases -->/.exec(readme)?.[1] ?? ''
    const rows = table.split('\n').filter((l) => l.startsWith('| `'))
    expect(rows).toEqual(PHASES.map((p) => `| \`${p.name}\` | ${p.summary} |`))
  })

  it.each(['deploy', 'plan', 'drift'])('%s --help offers every phase for --phase', (command) => {
    const r = runKotadc([command, '--help'], {env: {OCLIF_COLUMNS: '400'}})
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain(`<options: ${PHASES.map((p) => p.name).join('|')}>`)
  })

  it('deploy --help names every phase in its description, in order', () => {
    const r = runKotadc(['deploy', '--help'], {env: {OCLIF_COLUMNS: '400'}})
    expect(r.stdout).toContain(`(${PHASES.map((p) => p.name).join(', ')})`)
  })
})
