import {describe, expect, it} from 'vitest'
import {synthStack} from '../../../src/exec/terraform/synth.js'
import {buildDockerHostStack} from '../../../stacks/docker-host-stack.js'
import {secretVariableName} from '../../../stacks/secret-variables.js'
import {terraformLiteral} from '../../../stacks/terraform-literal.js'
import {HEALTHCHECK_ATTACK, injectedInventory, terraformAttacks} from '../../helpers/injection.js'

/** Every string value anywhere in a JSON document. */
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []

/** Offsets where Terraform's template scanner would start an interpolation or directive (escapes `$${`/`%%{` skipped). */
function liveExpressions(s: string): number[] {
  const live: number[] = []
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith('$${', i) || s.startsWith('%%{', i)) {
      i += 2
      continue
    }
    if (s.startsWith('${', i) || s.startsWith('%{', i)) live.push(i)
  }
  return live
}

// CDKTF token markers (${TfToken[...]}) are refused by the validator: fixtures/inventory/invalid/env-value-cdktf-token.
describe('terraform expression injection through the inventory', () => {
  it('escapes ${ and %{ so Terraform reads them as text', () => {
    expect(terraformLiteral('${var.x} %{ for } $${y} plain $ % {')).toBe('$${var.x} %%{ for } $$${y} plain $ % {')
  })

  it('a secret name is the one thing placed inside a live ${var.NAME}: anything but an identifier is refused', () => {
    expect(secretVariableName('SIMPUS_DB_PASSWORD')).toBe('secret_SIMPUS_DB_PASSWORD')
    expect(() => secretVariableName('X} ${file("/etc/shadow")')).toThrow(/not an identifier/)
  })

  it('an agency env value or healthcheck naming another secret, a file or a directive synthesizes as a literal', () => {
    const doc = JSON.parse(synthStack('docker-docker1', (s) => buildDockerHostStack(s, injectedInventory(), 'docker1'))) as {
      resource: {docker_container: Record<string, {env: string[]; healthcheck: {test: string[]}}>}
    }
    const simpus = doc.resource.docker_container['container-simpus']!
    expect(simpus.env).toEqual(expect.arrayContaining(Object.entries(terraformAttacks()).map(([k, v]) => `${k}=${terraformLiteral(v)}`)))
    expect(simpus.healthcheck.test).toEqual(HEALTHCHECK_ATTACK.map(terraformLiteral))
    // The only live expressions left anywhere in the stack are the stack's own: its variables (secrets, the provider's
    // ssh options) and resource attributes.
    const live = strings(doc).flatMap((s) => (s.includes('${') || s.includes('%{') ? [s] : []))
    const own = live.filter(
      (s) =>
        /^\$\{(var\.secret_[A-Za-z0-9_-]+|var\.kotadc_ssh_options|docker_[a-z]+\.[a-z0-9_-]+\.[a-z_]+)\}$/.test(s) ||
        /=\$\{var\.secret_[A-Za-z0-9_-]+\}$/.test(s),
    )
    expect(live.filter((s) => !own.includes(s) && liveExpressions(s).length > 0)).toEqual([])
  })
})
