import {defineCodes} from './define.js'
import {ExternalError} from './ops-error.js'

/** Errors of `kotadc status` (src/services/status/). */
export const statusErrors = {
  probeFailed: (host: string, exitCode: number | null, stderr: string) =>
    new ExternalError({
      code: 'STATUS_PROBE_FAILED',
      message: `${host} answered, but the status probe did not run to its end (exit ${exitCode ?? 'by signal'}): ${stderr.trim().split('\n').at(-1) ?? ''}`,
      hint: `run \`kotadc hosts ping ${host}\` and check that the login shell is POSIX sh with /proc, df and grep`,
    }),
}

export const statusCodes = defineCodes({
  STATUS_PROBE_FAILED: {
    family: 'external',
    meaning: 'a host accepted the SSH connection but the one status script (host facts, containers, databases, ports) failed there',
    fix: 'check the host with `kotadc hosts ping` and `kotadc exec HOST -- df -P`',
  },
})
