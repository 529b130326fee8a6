import {statSync} from 'node:fs'
import path from 'node:path'

/**
 * The example data center ships a demo age identity next to its demo secrets.age, so it validates, plans and
 * deploys to the lab out of the box. Its name and first line say DEMO, and every command that uses it says so:
 * a site copied from the example must never keep it without noticing.
 */
export const DEMO_IDENTITY_FILE = 'DEMO-age-identity.txt'

export interface AgeIdentity {
  /** Path of the identity file. */
  file: string
  /** True when it is the inventory's DEMO identity (KOTADC_AGE_IDENTITY unset). */
  demo: boolean
}

const isFile = (p: string): boolean => {
  try {
    return statSync(p).isFile()
  } catch {
    return false
  }
}

/** The demo identity file of an inventory directory, when there is one. */
export const demoIdentityIn = (dir: string): string | undefined => {
  const file = path.join(dir, DEMO_IDENTITY_FILE)
  return isFile(file) ? file : undefined
}

/**
 * Which age identity decrypts an inventory's secrets.age: KOTADC_AGE_IDENTITY when set (the demo file is then
 * never read), else the inventory's DEMO identity when present, else none.
 */
export function ageIdentityFor(dir: string, environ: Record<string, string | undefined>): AgeIdentity | undefined {
  const given = environ.KOTADC_AGE_IDENTITY
  if (given) return {file: given, demo: false}
  const demo = demoIdentityIn(dir)
  return demo ? {file: demo, demo: true} : undefined
}
