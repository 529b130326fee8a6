import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {renderErrorsDoc} from '../../../src/errors/doc.js'
import {renderInventoryDoc} from '../../../src/inventory/schema-doc.js'
import {FORMATS} from '../../../src/inventory/validate/formats.js'
import {PLAYBOOK_EXAMPLES, renderPlaybooksDoc} from '../../../src/playbooks/doc.js'
import {parsePlaybook} from '../../../src/playbooks/parse.js'
import {resolveTargets} from '../../../src/playbooks/targets.js'
import {TASK_TYPES} from '../../../src/tasks/registry.js'
import {smallInventory} from '../../helpers/small-inventory.js'

// The reference documents are generated (`npm run docs`); these tests fail when the committed copy drifts.
const committed = (file: string): string => readFileSync(file, 'utf8')

describe('generated reference documents', () => {
  it('docs/errors.md is what the error catalogue produces', () => expect(committed('docs/errors.md')).toBe(renderErrorsDoc()))

  it('docs/inventory.md is what the inventory schema produces', () => expect(committed('docs/inventory.md')).toBe(renderInventoryDoc()))

  it('docs/playbooks.md is what the playbook language and the task schemas produce', () =>
    expect(committed('docs/playbooks.md')).toBe(renderPlaybooksDoc()))

  it('documents every task type and each of its arguments', () => {
    const doc = renderPlaybooksDoc()
    for (const type of Object.keys(TASK_TYPES)) expect(doc).toContain(`### \`${type}\``)
    for (const arg of ['| `check` |', '| `insertAfter` |', '| `validate` |', '| `persist` |']) expect(doc).toContain(arg)
  })

  it('every playbook example in docs/playbooks.md loads and plans', () => {
    const inv = smallInventory()
    for (const [name, text] of Object.entries(PLAYBOOK_EXAMPLES)) {
      const pb = parsePlaybook(text, `${name}.yaml`, {defaultName: name})
      const hosts = resolveTargets(inv, pb.targets)
      expect(hosts.length, name).toBeGreaterThan(0)
      for (const h of hosts) expect(pb.planHost?.(inv, h).tasks.length, `${name} on ${h.name}`).toBeGreaterThan(0)
    }
  })

  it('documents every key of the inventory, each with a description', () => {
    const doc = renderInventoryDoc()
    for (const key of ['site.ssh.knownHosts', 'terraform.backend.connString', 'hosts[].ssh.jumpHost', 'workloads[].healthcheck.retries', 'workloads[].hypervisor']) {
      expect(doc).toContain(`| \`${key}\` |`)
    }
  })

  it('publishes only examples that the validator accepts', () => {
    for (const [name, format] of Object.entries(FORMATS)) {
      expect(new RegExp(format.pattern).test(format.example), name).toBe(true)
      expect(format.check(format.example), name).toBeUndefined()
    }
  })

  it('the README links both references and nothing outside the repository', () => {
    const readme = committed('README.md')
    expect(readme).toContain('](docs/inventory.md)')
    expect(readme).toContain('](docs/errors.md)')
    expect(readme).toContain('](docs/playbooks.md)')
    expect(readme).not.toContain('../shared')
  })
})
