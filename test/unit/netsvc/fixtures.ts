import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {expect} from 'vitest'
import {parse} from 'yaml'
import {isOpsError} from '../../../src/errors/ops-error.js'

const DIR = fileURLToPath(new URL('../../fixtures/netsvc/', import.meta.url))

/** A table of cases from test/fixtures/netsvc/<name>.yaml, each with a `case` title. */
export const cases = <T extends {case: string}>(name: string): [string, T][] =>
  (parse(readFileSync(`${DIR}${name}.yaml`, 'utf8')) as T[]).map((c) => [c.case, c])

/** The expected text of test/fixtures/netsvc/expected/<name>. */
export const expected = (name: string): string => readFileSync(`${DIR}expected/${name}`, 'utf8')

/** Asserts that `f` throws an OpsError with `code`, and returns it. */
export function expectOpsError(f: () => unknown, code: string): {message: string; hint: string | undefined; location: unknown} {
  try {
    f()
  } catch (e) {
    if (!isOpsError(e)) throw e
    expect(e.code).toBe(code)
    expect(e.hint).toBeTruthy()
    return e
  }
  throw new Error(`expected ${code}, nothing was thrown`)
}
