import {describe, expect, it} from 'vitest'
import {MARKDOWN_MAX, renderPlanMarkdown} from '../../../../src/cli/render/plan-markdown.js'
import {maskedWithSecrets, type PlanResult} from '../../../../src/services/plan.js'
import {secretStore} from '../../../helpers/fake-site.js'

const SECRET = 'db-pw-Xk29'

/** A plan with a little of everything: a diff carrying a secret, markup in a task name, a failed host, a stack. */
const result = (): PlanResult => ({
  site: 'kotamobagu-dc',
  env: 'lab',
  exitCode: 2,
  durationMs: 4200,
  phases: [
    {
      name: 'base',
      kind: 'playbook',
      status: 'changes',
      hosts: [
        {
          host: 'web1',
          status: 'changed',
          tasks: [
            {name: 'timezone: /etc/timezone', type: 'file', status: 'changed', summary: 'write /etc/timezone', diff: '-Etc/UTC\n+Asia/Makassar\n'},
            {name: 'base packages', type: 'package', status: 'ok', summary: 'all installed'},
          ],
          handlers: [],
        },
        {host: 'web2', status: 'ok', tasks: [{name: 'base packages', type: 'package', status: 'ok', summary: 'all installed'}], handlers: []},
      ],
    },
    {
      name: 'databases',
      kind: 'playbook',
      status: 'changes',
      hosts: [
        {
          host: 'db1',
          status: 'changed',
          tasks: [
            {
              name: 'pg_hba <script>alert(1)</script> | x',
              type: 'template',
              status: 'changed',
              summary: `set password ${SECRET} for role simpus`,
              diff: `+host simpus simpus 10.0.0.0/24 scram-sha-256\n+# ${SECRET}\n+\`\`\`\n`,
            },
          ],
          handlers: [],
        },
        {
          host: 'db2',
          status: 'unreachable',
          tasks: [],
          handlers: [],
          error: {code: 'SSH_CONNECT_FAILED', family: 'external', message: 'cannot connect to db2 (10.0.0.12:22)', exitCode: 3},
        },
      ],
    },
    {
      name: 'containers',
      kind: 'stacks',
      status: 'changes',
      stacks: [
        {
          stack: 'docker-docker1',
          host: 'docker1',
          containers: 2,
          written: [],
          initialized: false,
          plan: {
            counts: {create: 1, update: 0, replace: 1, delete: 0, forget: 0},
            changes: [
              {address: 'docker_container.simpus', action: 'replace', replacePaths: ['image']},
              {address: 'docker_volume.uploads', action: 'create'},
            ],
            drift: [],
          },
        },
      ],
    },
    {name: 'dns', kind: 'playbook', status: 'unchanged', hosts: []},
    {name: 'backups', kind: 'playbook', status: 'skipped', reason: 'no host selected', hosts: []},
  ],
  saved: {file: 'plan.age', sha256: 'ab'.repeat(32)},
})

describe('plan --format markdown', () => {
  it('renders a merge-request comment: a table of phases, per host what changes, diffs folded, secrets masked (golden)', async () => {
    const md = renderPlanMarkdown(maskedWithSecrets(result(), secretStore({DB_PASSWORD: SECRET})))
    expect(md).not.toContain(SECRET)
    expect(md).not.toContain('<script>')
    await expect(md).toMatchFileSnapshot('__snapshots__/plan-comment.md')
  })

  it('leaves the diffs out, and says so, when the comment would be too long', () => {
    const r = result()
    const task = r.phases[0]?.hosts?.[0]?.tasks[0]
    if (task) task.diff = `+${'x'.repeat(MARKDOWN_MAX)}\n`
    const md = renderPlanMarkdown(r)
    expect(md.length).toBeLessThan(MARKDOWN_MAX)
    expect(md).not.toContain('<summary>diff</summary>')
    expect(md).toContain('Diffs left out')
  })
})
