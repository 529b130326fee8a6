import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {commandSucceedsFact} from '../../../src/facts/command-status.js'
import type {FactRequest} from '../../../src/facts/define.js'
import {fileFact} from '../../../src/facts/file.js'
import {groupsFact} from '../../../src/facts/groups.js'
import {osReleaseFact} from '../../../src/facts/os-release.js'
import {installedPackagesFact} from '../../../src/facts/packages.js'
import {serviceFact} from '../../../src/facts/service.js'
import {sysctlFact} from '../../../src/facts/sysctl.js'
import {usersFact} from '../../../src/facts/users.js'
import {displayCmd, shell} from '../../../src/tasks/cmd.js'
import {listFixtures, readFixture} from '../tasks/fixture-yaml.js'

const DIR = fileURLToPath(new URL('../../fixtures/facts', import.meta.url))

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const FACTS: Record<string, (args: any) => FactRequest<unknown>> = {
  file: fileFact,
  'installed-packages': installedPackagesFact,
  service: serviceFact,
  users: usersFact,
  groups: groupsFact,
  sysctl: sysctlFact,
  'os-release': osReleaseFact,
  'command-succeeds': (a: {shell: string}) => commandSucceedsFact({cmd: shell(a.shell)}),
}

// Fixtures write file content as text; the parser returns bytes.
const normalize = (v: unknown): unknown =>
  v !== null && typeof v === 'object' && Buffer.isBuffer((v as {content?: unknown}).content)
    ? {...v, content: (v as {content: Buffer}).content.toString('utf8')}
    : v

describe.each(listFixtures(DIR))('fact %s', (name, kase, file) => {
  it(kase, () => {
    const fx = readFixture(file)
    const make = FACTS[name]
    if (!make) throw new Error(`no fact named ${name}`)
    const req = make(fx.args)
    expect(req.name).toBe(name)
    expect(displayCmd(req.command)).toBe(fx.command)
    expect(normalize(req.parse(fx.output as string, fx.exitCode as number))).toEqual(fx.expected)
  })
})

describe('fact parsers reject output they do not understand', () => {
  it('file', () => {
    expect(() => fileFact({path: '/x'}).parse('sudo: a password is required\n', 1)).toThrow(expect.objectContaining({code: 'FACT_OUTPUT_UNEXPECTED'}))
  })
})
