import {ExternalError, UserError} from './ops-error.js'

export const labError = {
  sshdNotAnswering: (host: string, container: string, address: string, logs: string) =>
    new ExternalError({
      code: 'LAB_SSHD_NOT_ANSWERING',
      message: `lab host ${host} (container ${container}) started but sshd does not answer on ${address}:22`,
      hint: `look at \`docker logs ${container}\`; \`kotadc lab down --yes\` then \`kotadc lab up\` recreates it`,
      failure: {argv: ['docker', 'start', container], exitCode: null, stderrTail: logs},
    }),
  labEnvSelected: () =>
    new UserError({
      code: 'LAB_ENV_IS_LAB',
      message: 'the lab is planned from the inventory itself, but --env lab (or KOTADC_ENV=lab) selects the overlay lab up writes',
      hint: 'drop --env lab for the lab commands (unset KOTADC_ENV); use --env lab with the other commands to target the lab',
    }),
}

export const labEngineError = {
  noEngine: () =>
    new UserError({
      code: 'DOCKER_UNAVAILABLE',
      message: 'no docker engine answers (`docker version` reached no server)',
      hint: 'start one with `sudo scripts/lab/dockerd-start.sh` (install it with scripts/lab/install-deps.sh), then retry',
    }),
}
