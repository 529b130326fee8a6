import {join} from 'node:path'
import type {ExternalFailure, SourceLocation} from '../../errors/ops-error.js'
import type {LockInfo, TerraformError} from '../../errors/terraform-errors.js'
import {
  TerraformAuthError,
  TerraformConfigInvalidError,
  TerraformProviderMissingError,
  TerraformStateLockedError,
  terraformErrors,
} from '../../errors/terraform-errors.js'

/** What the classifier knows about the failed run besides its output. */
export interface FailureContext {
  /** e.g. "terraform init" */
  what: string
  stack?: string
  /** Working directory, so a config error can point at the file. */
  dir?: string
  providerMirror?: string
}

const PROVIDER_PATTERNS = [
  /Failed to query available provider packages/,
  /Failed to install provider/,
  /Could not retrieve the list of available versions for provider/,
  /Required plugins are not installed/,
  /Missing required provider/,
  /Inconsistent dependency lock file/,
  /provider [\w./-]+ was not found in any of the search locations/,
]

const AUTH_PATTERNS = [
  /password authentication failed/i,
  /Permission denied \(publickey/i,
  /unable to authenticate/i,
  /authentication failed/i,
  /ssh: handshake failed/i,
  /no pg_hba\.conf entry/i,
]

const field = (text: string, name: string): string | undefined => text.match(new RegExp(`^\\s*${name}:[ \\t]*(\\S.*)$`, 'm'))?.[1]?.trim()

function lockInfo(text: string): LockInfo {
  const info: LockInfo = {}
  const id = field(text, 'ID')
  const who = field(text, 'Who')
  const operation = field(text, 'Operation')
  const created = field(text, 'Created')
  if (id) info.id = id
  if (who) info.who = who
  if (operation) info.operation = operation
  if (created) info.created = created
  return info
}

/** The provider a failure names, as `namespace/type` (registry host dropped), or "unknown provider". */
function providerName(text: string): string {
  const m =
    text.match(/\b[\w-]+(?:\.[\w-]+)+\/([\w-]+\/[\w-]+)/) ?? // registry.terraform.io/ns/type
    text.match(/(?:for provider|installing|provider)\s+"?([\w-]+\/[\w-]+)/)
  return m?.[1] ?? 'unknown provider'
}

/** The line of output holding the match, without terraform's "Error: " prefix. */
const lineOf = (text: string, pattern: RegExp): string => {
  const line = text.split('\n').find((l) => pattern.test(l)) ?? ''
  return line.replace(/^\s*(?:│\s*)?(?:Error: )?/, '').trim()
}

function configLocation(text: string, dir: string | undefined): SourceLocation | undefined {
  const m = text.match(/^\s*on (\S+) line (\d+)(?:, column (\d+))?/m)
  if (!m) return undefined
  return {file: dir ? join(dir, m[1]!) : m[1]!, line: Number(m[2]), col: m[3] ? Number(m[3]) : 1}
}

const firstErrorTitle = (text: string): string => text.match(/^\s*(?:│\s*)?Error: (.+)$/m)?.[1]?.trim() ?? 'see the output'

/**
 * Turns terraform's (or tofu's) failure output into one typed error. This is the only place that reads
 * terraform's wording; everything past it branches on the error class or code.
 */
export function classifyTerraformFailure(failure: ExternalFailure, output: string, ctx: FailureContext): TerraformError {
  const {stack} = ctx
  if (/Error acquiring the state lock|state lock.*(?:held|already locked)/i.test(output))
    return new TerraformStateLockedError(failure, lockInfo(output), stack)
  if (/Saved plan is stale/i.test(output)) return terraformErrors.planStale(failure, stack)
  if (/Backend configuration changed|Backend initialization required/i.test(output)) return terraformErrors.backendChanged(failure, stack)
  if (PROVIDER_PATTERNS.some((p) => p.test(output)))
    return new TerraformProviderMissingError(failure, providerName(output), ctx.providerMirror, stack)
  const auth = AUTH_PATTERNS.find((p) => p.test(output))
  if (auth) return new TerraformAuthError(failure, lineOf(output, auth) || 'access denied', stack)
  const variable = output.match(/No value for required variable[\s\S]*?input variable "([^"]+)" is not set/)
  if (variable) return terraformErrors.variableMissing(failure, variable[1]!, stack)
  const location = configLocation(output, ctx.dir)
  if (location) return new TerraformConfigInvalidError(failure, firstErrorTitle(output), location, stack)
  return terraformErrors.commandFailed(failure, ctx.what, stack)
}
