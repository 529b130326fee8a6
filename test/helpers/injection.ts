import type {ContainerWorkload, Inventory} from '../../src/inventory/model.js'
import {dockerInventory} from '../unit/stacks/docker-inventory.js'

/**
 * What an agency file author could write in an env value to make Terraform copy another agency's secret, a file of
 * the operator's or run a template loop. `keyFile` is a file whose content must never reach the container.
 */
export const terraformAttacks = (keyFile = '~/.ssh/id_ed25519'): Record<string, string> => ({
  OTHER_SECRET: '${var.secret_SEKOLAH_API_KEY}',
  SSH_KEY: `\${file("${keyFile}")}`,
  LOOP: '%{ for k in ["a", "b"] }${k}%{ endfor }',
  ESCAPED_ALREADY: '$${var.secret_SEKOLAH_API_KEY}',
})

export const HEALTHCHECK_ATTACK = ['CMD-SHELL', 'test "${var.secret_SEKOLAH_API_KEY}" %{ if true }x%{ endif }']

/**
 * dockerInventory() with the dinkes container `simpus` (docker1) carrying the attacks; disdik's `sekolah` on the same
 * host uses SEKOLAH_API_KEY, so the stack declares that variable and a live reference would resolve.
 */
export function injectedInventory(keyFile?: string): Inventory {
  const model = dockerInventory()
  const w = model.workloads.find((x) => x.name === 'simpus') as ContainerWorkload
  w.env = {...w.env, ...terraformAttacks(keyFile)}
  w.healthcheck = {command: [...HEALTHCHECK_ATTACK]}
  w.secrets = []
  return model
}
