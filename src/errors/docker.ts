import {defineCodes} from './define.js'
import {tail} from './text-tail.js'
import {ExternalError, UserError} from './ops-error.js'

/** How a local program ended, as much as its error needs. */
export interface LocalFailure {
  exitCode: number | null
  signal: string | null
  stdout: string
  stderr: string
}

/** Errors of programs run on this machine: any program, and the docker CLI in particular. */
export const localErrors = {
  notFound: (file: string, why: string, argv: readonly string[]) =>
    new ExternalError({
      code: 'LOCAL_COMMAND_NOT_FOUND',
      message: `could not start ${file}: ${why}`,
      hint: `install ${file} or put it on the PATH`,
      failure: {argv: [...argv], exitCode: null, stderrTail: ''},
    }),
  /** `code` names what failed when the caller knows better than "a local command" (for example PKI_SIGN_FAILED). */
  failed: (argv: readonly string[], r: LocalFailure & {timedOut: boolean}, opts: {code?: LocalFailureCode; what?: string; hint?: string}) =>
    new ExternalError({
      code: opts.code ?? 'LOCAL_COMMAND_FAILED',
      message: `${opts.what ?? argv[0]} failed${r.timedOut ? ' (timed out)' : ''}`,
      hint: opts.hint ?? 'see the command output above',
      failure: {argv: [...argv], exitCode: r.exitCode, signal: r.signal, stderrTail: tail(r.stderr || r.stdout)},
    }),
}

/** The codes a failed local program may be reported with. */
export type LocalFailureCode = 'LOCAL_COMMAND_FAILED' | 'LAB_IMAGE_BUILD_FAILED' | 'LAB_KEYGEN_FAILED' | 'PKI_CA_CERT_FAILED' | 'PKI_SIGN_FAILED'

export const dockerErrors = {
  unavailable: (detail: string) =>
    new UserError({
      code: 'DOCKER_UNAVAILABLE',
      message: `no docker engine answers (${detail})`,
      hint: 'start one with `sudo scripts/lab/dockerd-start.sh` (install it with scripts/lab/install-deps.sh), then retry',
    }),
  subnetInUse: (r: LocalFailure) =>
    new UserError({
      code: 'LAB_SUBNET_IN_USE',
      message: `docker refused a lab network because its subnet overlaps another network: ${tail(r.stderr, 1)}`,
      hint: 'pick a free /16 with --pool (env KOTADC_LAB_POOL), or remove the other docker network (`docker network ls`)',
    }),
  failed: (argv: string[], r: LocalFailure) =>
    new ExternalError({
      code: 'DOCKER_COMMAND_FAILED',
      message: `docker ${argv[1] ?? ''} failed`,
      hint: 'see docker’s message below; `docker info` shows whether the engine is healthy',
      failure: {argv, exitCode: r.exitCode, signal: r.signal, stderrTail: tail(r.stderr || r.stdout)},
    }),
}

export const dockerCodes = defineCodes({
  LOCAL_COMMAND_NOT_FOUND: {
    family: 'external',
    meaning: 'a program kotadc runs on this machine is not installed or not on the PATH',
    fix: 'install the program, or put it on the PATH',
  },
  LOCAL_COMMAND_FAILED: {
    family: 'external',
    meaning: 'a program kotadc ran on this machine failed',
    fix: 'read its output (shown with the error) and fix the cause',
  },
  DOCKER_UNAVAILABLE: {
    family: 'user',
    meaning: 'no docker engine answers on this machine',
    fix: 'start one with `sudo scripts/lab/dockerd-start.sh` (install it with scripts/lab/install-deps.sh)',
  },
  DOCKER_COMMAND_FAILED: {
    family: 'external',
    meaning: 'a docker command failed',
    fix: "read docker's message; `docker info` shows whether the engine is healthy",
  },
})
