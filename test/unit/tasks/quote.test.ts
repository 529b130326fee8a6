import {execFileSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {shellQuote, shellQuoteCommandWord} from '../../../src/tasks/quote.js'

// Fixed examples beside the property in cmd.test.ts: a random run can miss the one shape that breaks quoting.
describe('shellQuote', () => {
  it.each([
    ['plain', 'plain'],
    ['/etc/ssh/sshd_config.d/10-kotadc.conf', '/etc/ssh/sshd_config.d/10-kotadc.conf'],
    ['', `''`],
    ['two words', `'two words'`],
    ["it's", `'it'\\''s'`],
    ["'", `''\\'''`],
    ["a'b'c", `'a'\\''b'\\''c'`],
    ["''", `''\\'''\\'''`],
    ["x' ; touch /tmp/pwned ; echo '", `'x'\\'' ; touch /tmp/pwned ; echo '\\'''`],
    ['$(id) `id` $HOME', `'$(id) \`id\` $HOME'`],
    ['back\\slash', `'back\\slash'`],
    ['line\nbreak', `'line\nbreak'`],
  ])('quotes %j as %s', (word, quoted) => {
    expect(shellQuote(word)).toBe(quoted)
  })

  it('quotes = in a command word, quotes included', () => {
    expect(shellQuoteCommandWord('A=b')).toBe(`'A=b'`)
    expect(shellQuoteCommandWord("A='b'")).toBe(`'A='\\''b'\\'''`)
  })

  it('gives sh back every hostile word unchanged', () => {
    const words = ["a'b'c", "''", "x' ; touch /tmp/kotadc-pwned ; echo '", "'\"'\"'", "it's $HOME's", "\\'\\", '-n', '\t\n ']
    const line = ['printf', "'%s\\0'", ...words.map(shellQuote)].join(' ')
    expect(execFileSync('sh', ['-c', line], {encoding: 'utf8'}).split('\0').slice(0, -1)).toEqual(words)
  })
})
