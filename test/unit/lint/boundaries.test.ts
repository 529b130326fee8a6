import {ESLint} from 'eslint'
import tseslint from 'typescript-eslint'
import {describe, expect, it} from 'vitest'

// The layer rules of eslint.config.js, proven on code that breaks them. Type information is not needed for
// no-restricted-imports, and these files do not exist, so the type-aware rules are switched off here.
const eslint = new ESLint({cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked})

async function restricted(file: string, module: string): Promise<boolean> {
  const [result] = await eslint.lintText(`import * as m from '${module}'\nexport const used = m\n`, {filePath: file})
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports')
}

describe('layer boundaries in eslint.config.js', () => {
  it.each([
    ['src/dns/zone-x.ts', 'cdktf', 'a pure folder keeps the cdktf ban as well as the I/O ban'],
    ['src/dns/zone-x.ts', 'node:fs/promises', 'a pure capability folder does no file I/O'],
    ['src/dns/zone-x.ts', '../exec/local.js', 'a pure folder may not reach the executors'],
    ['src/inventory/new-view.ts', 'node:fs', 'a new file in src/inventory is pure without being listed'],
    ['src/inventory/load.ts', 'execa', 'the inventory loader reads files but runs no processes'],
    ['src/services/x.ts', 'pg', 'services reach pg only through src/exec'],
    ['src/services/x.ts', 'ssh2', 'services reach ssh2 only through src/exec'],
    ['src/commands/x.ts', 'execa', 'commands reach execa only through src/exec'],
    ['src/cli/x.ts', 'node:child_process', 'the CLI layer spawns nothing itself'],
    ['src/exec/x.ts', 'cdktf', 'only the synth module of src/exec imports cdktf'],
    ['src/exec/terraform/runner.ts', 'execa', 'local.ts is the one place that starts processes'],
    ['src/exec/lock/x.ts', 'ssh2', 'src/exec/ssh is the one SSH client'],
    ['src/exec/ssh/x.ts', 'node:child_process', 'the SSH client starts local processes through local.ts'],
    ['stacks/x.ts', 'node:fs', 'stacks are pure'],
  ])('%s may not import %s (%s)', async (file, module) => {
    expect(await restricted(file, module)).toBe(true)
  })

  it.each([
    ['src/inventory/load.ts', 'node:fs/promises'],
    ['src/playbooks/load.ts', 'node:fs/promises'],
    ['src/exec/x.ts', 'pg'],
    ['src/exec/local.ts', 'execa'],
    ['src/exec/ssh/x.ts', 'ssh2'],
    ['src/exec/terraform/synth.ts', 'cdktf'],
    ['stacks/x.ts', 'cdktf'],
  ])('%s may import %s', async (file, module) => {
    expect(await restricted(file, module)).toBe(false)
  })
})
