import {defineCodes} from './define.js'
import {ExternalError, UserError} from './ops-error.js'

export const labError = {
  sshdNotAnswering: (host: string, container: string, address: string, logs: string) =>
    new ExternalError({
      code: 'LAB_SSHD_NOT_ANSWERING',
      message: `lab host ${host} (container ${container}) started but sshd does not answer on ${address}:22`,
      hint: `look at \`docker logs ${container}\`; \`kotadc lab down --yes\` then \`kotadc lab up\` recreates it`,
      failure: {argv: ['docker', 'start', container], exitCode: null, stderrTail: logs},
    }),
}

export const labPlanError = {
  poolInvalid: (pool: string, defaultPool: string) =>
    new UserError({
      code: 'LAB_POOL_INVALID',
      message: `lab subnet pool "${pool}" is not an IPv4 /16 such as ${defaultPool}`,
      hint: `pass --pool with a private /16 that no local network uses, e.g. ${defaultPool}`,
    }),
  tooManyNetworks: (count: number, pool: string) =>
    new UserError({
      code: 'LAB_TOO_MANY_NETWORKS',
      message: `the inventory has ${count} networks but the lab pool ${pool} holds 256 /24 subnets`,
      hint: 'the lab gives each inventory network one /24; reduce the networks in a lab-only inventory copy',
    }),
  networkFull: (network: string) =>
    new UserError({
      code: 'LAB_NETWORK_FULL',
      message: `network ${network} has more hosts and VMs than a lab /24 holds (253)`,
      hint: 'move some hosts to another network, or rehearse with a smaller inventory',
    }),
}

export const labCodes = defineCodes({
  LAB_POOL_INVALID: {
    family: 'user',
    meaning: 'the lab subnet pool is not an IPv4 /16',
    fix: 'pass --pool with a private /16 that no local network uses',
  },
  LAB_TOO_MANY_NETWORKS: {
    family: 'user',
    meaning: 'the inventory has more networks than the lab pool holds /24 subnets (256)',
    fix: 'rehearse with a lab-only inventory copy that has fewer networks',
  },
  LAB_NETWORK_FULL: {
    family: 'user',
    meaning: 'a network has more hosts and VMs than a lab /24 holds (253)',
    fix: 'move some hosts to another network, or rehearse with a smaller inventory',
  },
  LAB_SUBNET_IN_USE: {
    family: 'user',
    meaning: 'docker refused a lab network because its subnet overlaps another network',
    fix: 'pick a free /16 with --pool (env KOTADC_LAB_POOL), or remove the other docker network',
  },
  LAB_IMAGE_BUILD_FAILED: {
    family: 'external',
    meaning: 'the lab base image could not be built',
    fix: 'the build needs root, debootstrap, docker and deb.debian.org (scripts/lab/install-deps.sh); read its output',
  },
  LAB_KEYGEN_FAILED: {
    family: 'external',
    meaning: 'ssh-keygen could not create a lab key pair',
    fix: 'install openssh-client and check that the lab state directory is writable',
  },
  LAB_SSHD_NOT_ANSWERING: {
    family: 'external',
    meaning: 'a lab container started but its sshd does not answer',
    fix: 'read `docker logs <container>`; `kotadc lab down --yes` then `kotadc lab up` recreates it',
  },
})
