import {execFileSync} from 'node:child_process'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {Secret} from '../../../src/inventory/secret.js'
import {and, cmd, displayCmd, or, pipe, renderCmd, shell, stdinOf, withEnv, withStdin} from '../../../src/tasks/cmd.js'

// Tests may spawn processes: this runs the rendered line through a real POSIX shell, as the host would.
const sh = (line: string): string => execFileSync('sh', ['-c', line], {encoding: 'utf8'})
// One sh per run: few enough runs, and a timeout a loaded 2-core machine meets (the fixed examples are in quote.test.ts).
const SPAWNING = {timeout: 60_000}

// argv can hold any byte but NUL.
const word = fc.string({unit: 'binary', maxLength: 40}).filter((s) => !s.includes('\0'))

describe('renderCmd quoting', () => {
  it('passes any argument through sh unchanged', SPAWNING, () => {
    fc.assert(
      fc.property(word, (s) => {
        expect(sh(renderCmd(cmd('printf', '%s', s)))).toBe(s)
      }),
      {numRuns: 100},
    )
  })

  it('passes shell-script arguments as $1 without parsing them', SPAWNING, () => {
    fc.assert(
      fc.property(word, (s) => {
        expect(sh(renderCmd(shell('printf %s "$1"', s)))).toBe(s)
      }),
      {numRuns: 50},
    )
  })

  it('keeps hostile values literal in lists and pipes', () => {
    const hostile = `$(touch /tmp/kotadc-pwned) \`id\` ' " ; | & \n $HOME`
    const line = renderCmd(and(cmd('printf', '%s', hostile), pipe(cmd('printf', 'a'), cmd('tr', 'a', 'b'))))
    expect(sh(line)).toBe(`${hostile}b`)
    expect(sh(renderCmd(or(cmd('false'), cmd('printf', '%s', hostile))))).toBe(hostile)
  })

  it('quotes a first word with = so it is not an assignment, and sets env through env', () => {
    expect(renderCmd(cmd('A=b'))).toBe(`'A=b'`)
    expect(sh(renderCmd(withEnv(cmd('sh', '-c', 'printf %s "$X"'), {X: "it's"})))).toBe("it's")
  })
})

describe('secrets in commands', () => {
  const pw = new Secret('DB_PASSWORD', "p@ss w'rd")
  const c = withStdin(cmd('printf', '%s', pw), pw)

  it('reveals on the wire only', () => {
    expect(sh(renderCmd(c))).toBe("p@ss w'rd")
    expect(stdinOf(c)).toBe("p@ss w'rd")
  })

  it('masks in displayCmd and JSON', () => {
    expect(displayCmd(c)).toBe('printf %s ***')
    expect(JSON.stringify(c)).not.toContain('p@ss')
    expect(displayCmd(shell('x "$1"', pw))).not.toContain('p@ss')
  })
})
