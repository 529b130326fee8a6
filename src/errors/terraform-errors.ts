import type {ExternalFailure, SourceLocation} from './ops-error.js'
import {defineCodes} from './define.js'
import {BugError, ExternalError, UserError} from './ops-error.js'

export type TerraformErrorCode =
  | 'TF_STATE_LOCKED'
  | 'TF_PROVIDER_MISSING'
  | 'TF_AUTH_FAILED'
  | 'TF_CONFIG_INVALID'
  | 'TF_PLAN_STALE'
  | 'TF_VARIABLE_MISSING'
  | 'TF_BACKEND_CHANGED'
  | 'TF_COMMAND_FAILED'

/** Who holds a state lock, as terraform reports it. */
export interface LockInfo {
  id?: string
  who?: string
  operation?: string
  created?: string
}

/** A terraform/tofu command failed; `kind` says how, so callers branch on the type, never on stderr. */
export class TerraformError extends ExternalError {
  declare readonly code: TerraformErrorCode
  readonly stackName: string | undefined
  readonly extra: Record<string, unknown>

  constructor(
    code: TerraformErrorCode,
    opts: {message: string; hint: string; failure: ExternalFailure; stack?: string; location?: SourceLocation; extra?: Record<string, unknown>},
  ) {
    super({code, message: opts.message, hint: opts.hint, failure: opts.failure, ...(opts.location ? {location: opts.location} : {})})
    this.stackName = opts.stack
    this.extra = opts.extra ?? {}
  }

  override details(): unknown {
    return {...this.failure, ...(this.stackName ? {stack: this.stackName} : {}), ...this.extra}
  }
}

export class TerraformStateLockedError extends TerraformError {
  readonly lock: LockInfo
  constructor(failure: ExternalFailure, lock: LockInfo, stack?: string) {
    super('TF_STATE_LOCKED', {
      message: `the terraform state${stack ? ` of stack ${stack}` : ''} is locked by another run${lock.who ? ` (${lock.who}${lock.operation ? `, ${lock.operation}` : ''})` : ''}`,
      hint: lock.id
        ? `wait for the other run to finish and retry; if it died, release the lock with \`terraform force-unlock ${lock.id}\` in the stack directory`
        : 'wait for the other run to finish and retry; if it died, release the lock with `terraform force-unlock <lock id>`',
      failure,
      ...(stack ? {stack} : {}),
      extra: {lock},
    })
    this.lock = lock
  }
}

export class TerraformProviderMissingError extends TerraformError {
  readonly provider: string
  constructor(failure: ExternalFailure, provider: string, mirror: string | undefined, stack?: string) {
    super('TF_PROVIDER_MISSING', {
      message: `terraform provider ${provider} could not be installed${mirror ? ` from the provider mirror ${mirror}` : ' (the provider registry is not reachable)'}`,
      hint: mirror
        ? `put ${provider} into the mirror with \`kotadc providers mirror\` (or \`terraform providers mirror ${mirror}\` on a connected machine), then retry`
        : `on an air-gapped site set terraform.providerMirror in inventory/site.yaml and fill it with \`kotadc providers mirror\`; otherwise allow access to the registry`,
      failure,
      ...(stack ? {stack} : {}),
      extra: {provider, ...(mirror ? {mirror} : {})},
    })
    this.provider = provider
  }
}

export class TerraformAuthError extends TerraformError {
  constructor(failure: ExternalFailure, what: string, stack?: string) {
    super('TF_AUTH_FAILED', {
      message: `terraform could not authenticate: ${what}`,
      hint: 'check the credentials terraform uses: the SSH key and user for docker hosts (site.ssh), the PostgreSQL connection string of the pg backend (terraform.backend.connString)',
      failure,
      ...(stack ? {stack} : {}),
    })
  }
}

export class TerraformConfigInvalidError extends TerraformError {
  constructor(failure: ExternalFailure, summary: string, location: SourceLocation | undefined, stack?: string) {
    super('TF_CONFIG_INVALID', {
      message: `terraform rejected the configuration: ${summary}`,
      hint: 'a synthesized stack should never be invalid: report it as a bug; a hand-written stack needs fixing at the place shown',
      failure,
      ...(stack ? {stack} : {}),
      ...(location ? {location} : {}),
    })
  }
}

/** Named constructors for the TF_* errors that are not classified from terraform output. */
export const terraformErrors = {
  planStale: (failure: ExternalFailure, stack?: string): TerraformError =>
    new TerraformError('TF_PLAN_STALE', {
      message: `the saved plan${stack ? ` of stack ${stack}` : ''} no longer matches the state: another run changed it in between`,
      hint: 'plan again and review the new plan before applying it',
      failure,
      ...(stack ? {stack} : {}),
    }),
  variableMissing: (failure: ExternalFailure, variable: string, stack?: string): TerraformError =>
    new TerraformError('TF_VARIABLE_MISSING', {
      message: `terraform variable ${variable} has no value${stack ? ` in stack ${stack}` : ''}`,
      hint: variable.startsWith('secret_')
        ? `add ${variable.slice(7)} to inventory/secrets.age or export KOTADC_SECRET_${variable.slice(7)}`
        : `pass a value for ${variable} (TF_VAR_${variable})`,
      failure,
      ...(stack ? {stack} : {}),
      extra: {variable},
    }),
  backendChanged: (failure: ExternalFailure, stack?: string): TerraformError =>
    new TerraformError('TF_BACKEND_CHANGED', {
      message: `the terraform backend${stack ? ` of stack ${stack}` : ''} differs from the one its state was initialised with`,
      hint: 'move the state on purpose: run `terraform init -migrate-state` in the stack directory, or restore the previous terraform.backend setting',
      failure,
      ...(stack ? {stack} : {}),
    }),
  commandFailed: (failure: ExternalFailure, what: string, stack?: string): TerraformError =>
    new TerraformError('TF_COMMAND_FAILED', {
      message: `${what} failed${failure.exitCode === null ? '' : ` with exit code ${failure.exitCode}`}`,
      hint: 'read terraform’s message above; run with --verbose for the full output',
      failure,
      ...(stack ? {stack} : {}),
    }),
  binaryNotFound: (binary: string, alternative?: string): UserError =>
    new UserError({
      code: 'TF_BINARY_NOT_FOUND',
      message: `${binary} is not installed or not on the PATH`,
      hint: alternative
        ? `install ${binary}, or set terraform.binary: ${alternative} in inventory/site.yaml (${alternative} is installed)`
        : `install ${binary} (or set terraform.binary in inventory/site.yaml to the one you have: terraform or tofu)`,
    }),
  binaryTooOld: (binary: string, version: string, minimum: string): UserError =>
    new UserError({
      code: 'TF_BINARY_TOO_OLD',
      message: `${binary} ${version} is older than the minimum kotadc supports (${minimum})`,
      hint: `upgrade ${binary} to ${minimum} or newer`,
    }),
  versionUnreadable: (binary: string, output: string): BugError =>
    new BugError({
      code: 'TF_VERSION_UNREADABLE',
      message: `could not read the version of ${binary} from its output: ${output.slice(0, 200)}`,
      hint: 'check that the binary is really terraform or OpenTofu; if it is, please report this',
    }),
  planUnreadable: (why: string): BugError =>
    new BugError({
      code: 'TF_PLAN_UNREADABLE',
      message: `could not read terraform's JSON plan: ${why}`,
      hint: 'please report this with the terraform version (`terraform version`)',
    }),
  stackHostNotDocker: (host: string): BugError =>
    new BugError({
      code: 'STACK_HOST_NOT_DOCKER',
      message: `cannot build a docker stack for ${host}: it is not a host with role docker`,
      hint: 'please report this: stacks are only built for the hosts dockerHostNames() returns',
    }),
  stackInconsistent: (what: string): BugError =>
    new BugError({
      code: 'STACK_INCONSISTENT',
      message: `stack construction went wrong: ${what}`,
      hint: 'please report this with the inventory that caused it',
    }),
  pgConnMissing: (ref: string): UserError =>
    new UserError({
      code: 'TF_PG_CONN_MISSING',
      message: `the pg backend connection string ${ref} is not set`,
      hint: ref.startsWith('env:')
        ? `export ${ref.slice(4)}=postgres://user:password@host/db before running kotadc`
        : 'set terraform.backend.connString in inventory/site.yaml',
    }),
}

export const terraformCodes = defineCodes({
  TF_STATE_LOCKED: {
    family: 'external',
    meaning: 'the Terraform state of a stack is locked by another run',
    fix: 'wait for the other run; if it died, `terraform force-unlock <id>` in the stack directory',
  },
  TF_PROVIDER_MISSING: {
    family: 'external',
    meaning: 'a Terraform provider could not be installed (no registry access, or missing from the mirror)',
    fix: 'fill terraform.providerMirror with `kotadc providers mirror`, or allow access to the registry',
  },
  TF_AUTH_FAILED: {
    family: 'external',
    meaning: 'Terraform could not authenticate to a docker host or to the pg backend',
    fix: 'check site.ssh (key, user) and terraform.backend.connString',
  },
  TF_CONFIG_INVALID: {
    family: 'external',
    meaning: 'Terraform rejected the configuration of a stack',
    fix: 'a synthesized stack should never be invalid: please report it',
  },
  TF_PLAN_STALE: {
    family: 'external',
    meaning: 'the saved plan no longer matches the state: another run changed it in between',
    fix: 'plan again and review the new plan',
  },
  TF_VARIABLE_MISSING: {
    family: 'external',
    meaning: 'a Terraform variable (usually a secret) has no value',
    fix: 'add the secret to inventory/secrets.age or export KOTADC_SECRET_<NAME>',
  },
  TF_BACKEND_CHANGED: {
    family: 'external',
    meaning: 'the backend of a stack differs from the one its state was initialised with',
    fix: 'run `terraform init -migrate-state` in the stack directory on purpose, or restore the previous terraform.backend',
  },
  TF_COMMAND_FAILED: {
    family: 'external',
    meaning: 'a terraform command failed for a reason kotadc does not classify',
    fix: "read terraform's message; --verbose shows the full output",
  },
  TF_BINARY_NOT_FOUND: {
    family: 'user',
    meaning: 'terraform (or tofu) is not installed or not on the PATH',
    fix: 'install it, or set terraform.binary to the one you have',
  },
  TF_BINARY_TOO_OLD: {family: 'user', meaning: 'the terraform binary is older than kotadc supports', fix: 'upgrade it to the minimum version named'},
  TF_PG_CONN_MISSING: {
    family: 'user',
    meaning: 'the pg backend connection string is not set',
    fix: 'export the variable named by terraform.backend.connString (env:VAR), or set the connection string',
  },
  TF_VERSION_UNREADABLE: {
    family: 'bug',
    meaning: 'kotadc could not read the version of the terraform binary',
    fix: 'check that the binary is terraform or OpenTofu; if it is, please report this',
  },
  TF_PLAN_UNREADABLE: {family: 'bug', meaning: "kotadc could not read terraform's JSON plan", fix: 'please report it with the terraform version'},
  STACK_HOST_NOT_DOCKER: {
    family: 'bug',
    meaning: 'a docker stack was asked for a host without role docker',
    fix: 'please report it with the inventory that caused it',
  },
  STACK_INCONSISTENT: {family: 'bug', meaning: 'a stack was built inconsistently', fix: 'please report it with the inventory that caused it'},
})
