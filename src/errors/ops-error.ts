import type {ErrorCode, ErrorCodeOf} from './catalog.js'

/** Where in the inventory (or another user file) a problem sits. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string
  line: number
  col: number
}

export type ErrorFamily = 'user' | 'external' | 'bug'

/** `code` is one of the catalogue's codes (src/errors/catalog.ts); a code not listed there fails typecheck. */
export interface OpsErrorOptions<C extends ErrorCode = ErrorCode> {
  code: C
  message: string
  hint?: string
  location?: SourceLocation
  cause?: unknown
}

/** JSON form of an error: the `error` object of `--json` output. */
export interface OpsErrorJson {
  code: ErrorCode
  family: ErrorFamily
  message: string
  hint?: string
  location?: SourceLocation
  exitCode: number
  details?: unknown
  /** Further problems the same check found (src/errors/problems.ts), each in this form. */
  also?: OpsErrorJson[]
}

/** Base of every error kotadc raises on purpose. Anything else reaching the top is a bug. */
export abstract class OpsError extends Error {
  abstract readonly family: ErrorFamily
  abstract readonly exitCode: number
  readonly code: ErrorCode
  readonly hint: string | undefined
  readonly location: SourceLocation | undefined
  /** Further problems found by the same check, reported with this one (src/errors/problems.ts). */
  also: OpsError[] = []

  constructor(opts: OpsErrorOptions) {
    super(opts.message, opts.cause === undefined ? undefined : {cause: opts.cause})
    this.name = new.target.name
    this.code = opts.code
    this.hint = opts.hint
    this.location = opts.location
  }

  /** Extra machine-readable fields for `--json` (subclasses override). */
  details(): unknown {
    return undefined
  }

  toJSON(): OpsErrorJson {
    const json: OpsErrorJson = {code: this.code, family: this.family, message: this.message, exitCode: this.exitCode}
    if (this.hint !== undefined) json.hint = this.hint
    if (this.location !== undefined) json.location = this.location
    const details = this.details()
    if (details !== undefined) json.details = details
    if (this.also.length > 0) json.also = this.also.map((e) => e.toJSON())
    return json
  }
}

/** The user can fix it (bad inventory, bad flag value, missing secret): exit 1. */
export class UserError extends OpsError {
  readonly family = 'user' as const
  readonly exitCode = 1
  declare readonly code: ErrorCodeOf<'user'>

  constructor(opts: OpsErrorOptions<ErrorCodeOf<'user'>>) {
    super(opts)
  }
}

export interface ExternalFailure {
  argv: string[]
  exitCode: number | null
  signal?: string | null
  stderrTail: string
}

/** A remote host, terraform or another program failed: exit 3. Keeps what ran and how it ended. */
export class ExternalError extends OpsError {
  readonly family = 'external' as const
  readonly exitCode = 3
  declare readonly code: ErrorCodeOf<'external'>
  readonly failure: ExternalFailure | undefined

  constructor(opts: OpsErrorOptions<ErrorCodeOf<'external'>> & {failure?: ExternalFailure}) {
    super(opts)
    this.failure = opts.failure
  }

  override details(): unknown {
    return this.failure
  }
}

/** Our own mistake: exit 70 and ask for a report. */
export class BugError extends OpsError {
  readonly family = 'bug' as const
  readonly exitCode = 70
  declare readonly code: ErrorCodeOf<'bug'>

  constructor(opts: OpsErrorOptions<ErrorCodeOf<'bug'>>) {
    super(opts)
  }
}

export const isOpsError = (e: unknown): e is OpsError => e instanceof OpsError
