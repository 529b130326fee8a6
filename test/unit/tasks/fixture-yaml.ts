import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'
import {Secret} from '../../../src/inventory/secret.js'

// `!secret value` in a fixture becomes a Secret, so fixtures can check that secrets stay masked.
const secretTag = {tag: '!secret', resolve: (value: string) => new Secret('fixture', value)}

export const readFixture = (file: string): Record<string, unknown> =>
  parse(readFileSync(file, 'utf8'), {customTags: [secretTag]}) as Record<string, unknown>

/** Every `<dir>/<group>/<case>.yaml`, as [group, case, path]. */
export const listFixtures = (dir: string): [string, string, string][] =>
  readdirSync(dir, {withFileTypes: true})
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(dir, d.name))
        .filter((f) => f.endsWith('.yaml'))
        .map((f): [string, string, string] => [d.name, f.replace(/\.yaml$/, ''), join(dir, d.name, f)]),
    )
