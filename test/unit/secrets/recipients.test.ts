import {describe, expect, it} from 'vitest'
import {isAgeRecipient, parseRecipients, renderRecipients, withoutRecipient, withRecipient} from '../../../src/secrets/recipients.js'

const A = 'age1rpy555yvzcctplyct4qfqre7d4aaatuhre2837yufl04v4ggt9wqxdcg7u'
const B = 'age1pgx25ajapvzpa59hhder6cxeme8nq6jjpj87tupe8q82glwyu5hqkzs37e'

describe('recipients.txt', () => {
  it('reads one key a line, with `# who` labels, skipping comments and blank lines', () => {
    const parsed = parseRecipients(`# the team\n\n${A} # alice\n${B}\n`)
    expect(parsed).toEqual({
      recipients: [
        {key: A, label: 'alice', line: 3},
        {key: B, line: 4},
      ],
      invalid: [],
    })
  })

  it('reports a line that is not an age public key by its number', () => {
    expect(parseRecipients(`${A}\nAGE-SECRET-KEY-1XYZ\nage1short\n`).invalid).toEqual([
      {line: 2, text: 'AGE-SECRET-KEY-1XYZ'},
      {line: 3, text: 'age1short'},
    ])
  })

  it.each([
    [A, true],
    [A.toUpperCase(), false],
    [`${A}x`, false],
    ['age1' + 'b'.repeat(58), false], // b is not in the bech32 alphabet
    ['ssh-ed25519 AAAA', false],
  ])('isAgeRecipient(%s) is %s', (key, ok) => expect(isAgeRecipient(key)).toBe(ok))

  it('adds a key as its own line and removes only that key, keeping every other line as written', () => {
    const text = `# the team\n${A} # alice\n`
    const added = withRecipient(text, B, 'ci')
    expect(added).toBe(`# the team\n${A} # alice\n${B} # ci\n`)
    expect(withoutRecipient(added, A)).toBe(`# the team\n${B} # ci\n`)
    expect(withRecipient('# no newline', A)).toBe(`# no newline\n${A}\n`)
  })

  it('renders a new file that parses back to the same keys', () => {
    const text = renderRecipients([{key: A}, {key: B, label: 'ci'}])
    expect(parseRecipients(text).recipients.map((r) => [r.key, r.label])).toEqual([
      [A, undefined],
      [B, 'ci'],
    ])
  })
})
