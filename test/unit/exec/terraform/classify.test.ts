import {describe, expect, it} from 'vitest'
import {classifyTerraformFailure} from '../../../../src/exec/terraform/classify.js'
import {TerraformError} from '../../../../src/errors/terraform-errors.js'

const failure = {argv: ['terraform', 'apply'], exitCode: 1, stderrTail: ''}
const ctx = {what: 'terraform apply', stack: 'docker-docker1', dir: '/p/.kotadc/stacks/docker-docker1'}

// Output as terraform 1.11 prints it with -no-color (copied from real runs).
const LOCKED = `Error: Error acquiring the state lock

Error message: Already locked for workspace creation: default
Lock Info:
  ID:        284e5f07-0afc-6b70-fe47-70ed2eabe481
  Path:      
  Operation: OperationTypeApply
  Who:       root@vm
  Version:   1.11.4
  Created:   2026-11-29 11:55:38.381279298 +0000 UTC
  Info:      

Terraform acquires a state lock to protect the state from being written`

const LOCKED_LOCAL = `Error: Error acquiring the state lock

Error message: resource temporarily unavailable`

const NO_PROVIDER_MIRROR = `Error: Failed to query available provider packages

Could not retrieve the list of available versions for provider
kreuzwerker/docker: provider registry.terraform.io/kreuzwerker/docker was not
found in any of the search locations

  - /srv/terraform-mirror`

const NO_PROVIDER_INSTALL = `Error: Failed to install provider

Error while installing kreuzwerker/docker v3.6.2: could not query provider registry`

const NOT_INITIALISED = `Error: Required plugins are not installed

The installed provider plugins are not consistent with the packages selected
in the dependency lock file:
  - registry.terraform.io/kreuzwerker/docker: there is no package for registry.terraform.io/kreuzwerker/docker 3.6.2 cached in .terraform/providers`

const PG_AUTH = `Error: Failed to get existing workspaces: pq: password authentication failed for user "kotadc"`
const SSH_AUTH = `Error: Error pinging Docker server: error during connect: ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey]`

const CONFIG = `Error: Extraneous JSON object property

  on main.tf.json line 7, in resource.terraform_data.x:
   7: {"resource":{"terraform_data":{"x":{"foo":1}}}}

No argument or block type is named "foo".`

const VARIABLE = `Error: No value for required variable

  on main.tf.json line 1, in variable:
   1: {"variable":{"secret_SIMPUS_DB_PASSWORD":{"type":"string","sensitive":true}}}

The root module input variable "secret_SIMPUS_DB_PASSWORD" is not set, and has no default value.`

describe('terraform failure classification', () => {
  it('reads a held state lock with who holds it and the id to force-unlock', () => {
    const e = classifyTerraformFailure(failure, LOCKED, ctx)
    expect(e).toMatchObject({
      code: 'TF_STATE_LOCKED',
      message: 'the terraform state of stack docker-docker1 is locked by another run (root@vm, OperationTypeApply)',
      lock: {id: '284e5f07-0afc-6b70-fe47-70ed2eabe481', who: 'root@vm', operation: 'OperationTypeApply'},
    })
    expect(e.hint).toContain('terraform force-unlock 284e5f07-0afc-6b70-fe47-70ed2eabe481')
    expect(classifyTerraformFailure(failure, LOCKED_LOCAL, ctx)).toMatchObject({code: 'TF_STATE_LOCKED', lock: {}})
  })

  it.each([
    ['mirror lacks it', NO_PROVIDER_MIRROR],
    ['install failed', NO_PROVIDER_INSTALL],
    ['not installed in .terraform', NOT_INITIALISED],
  ])('names the missing provider (%s)', (_name, output) => {
    const e = classifyTerraformFailure(failure, output, {...ctx, providerMirror: '/srv/terraform-mirror'})
    expect(e).toMatchObject({code: 'TF_PROVIDER_MISSING', provider: 'kreuzwerker/docker'})
    expect(e.message).toBe('terraform provider kreuzwerker/docker could not be installed from the provider mirror /srv/terraform-mirror')
    expect(e.hint).toContain('kotadc providers mirror')
  })

  it('without a mirror, suggests setting terraform.providerMirror', () => {
    const e = classifyTerraformFailure(failure, NO_PROVIDER_MIRROR, ctx)
    expect(e.hint).toContain('terraform.providerMirror')
  })

  it.each([
    ['pg password', PG_AUTH, 'Failed to get existing workspaces: pq: password authentication failed for user "kotadc"'],
    ['docker over ssh', SSH_AUTH, SSH_AUTH.slice('Error: '.length)],
  ])('classifies authentication failures (%s)', (_name, output, what) => {
    expect(classifyTerraformFailure(failure, output, ctx)).toMatchObject({
      code: 'TF_AUTH_FAILED',
      message: `terraform could not authenticate: ${what}`,
    })
  })

  it('points a configuration error at the file and line', () => {
    expect(classifyTerraformFailure(failure, CONFIG, ctx)).toMatchObject({
      code: 'TF_CONFIG_INVALID',
      message: 'terraform rejected the configuration: Extraneous JSON object property',
      location: {file: '/p/.kotadc/stacks/docker-docker1/main.tf.json', line: 7, col: 1},
    })
  })

  it('names the secret whose variable has no value', () => {
    const e = classifyTerraformFailure(failure, VARIABLE, ctx)
    expect(e).toMatchObject({code: 'TF_VARIABLE_MISSING', extra: {variable: 'secret_SIMPUS_DB_PASSWORD'}})
    expect(e.hint).toBe('add SIMPUS_DB_PASSWORD to inventory/secrets.age or export KOTADC_SECRET_SIMPUS_DB_PASSWORD')
  })

  it.each([
    ['Error: Saved plan is stale', 'TF_PLAN_STALE'],
    ['Error: Backend configuration changed', 'TF_BACKEND_CHANGED'],
    ['Error: something nobody expected', 'TF_COMMAND_FAILED'],
  ])('%s → %s', (output, code) => {
    const e = classifyTerraformFailure(failure, output, ctx)
    expect(e).toBeInstanceOf(TerraformError)
    expect(e.code).toBe(code)
  })

  it('keeps argv, exit code and stderr tail, and exits 3', () => {
    const e = classifyTerraformFailure({...failure, stderrTail: 'tail'}, 'Error: odd', ctx)
    expect(e.toJSON()).toMatchObject({
      family: 'external',
      exitCode: 3,
      details: {argv: ['terraform', 'apply'], exitCode: 1, stderrTail: 'tail', stack: 'docker-docker1'},
    })
    expect(e.message).toBe('terraform apply failed with exit code 1')
  })
})
