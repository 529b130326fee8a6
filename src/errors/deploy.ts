import {defineCodes} from './define.js'
import {ExternalError, UserError} from './ops-error.js'

/** Errors of plan, deploy and drift (the site lock's are in errors/site-lock.ts); codes are part of the --json contract. */
export const deployErrors = {
  secretsMissing: (names: readonly string[]) =>
    new UserError({
      code: 'DEPLOY_SECRETS_MISSING',
      message: `the containers to deploy need secret${names.length === 1 ? '' : 's'} that cannot be resolved: ${names.join(', ')}`,
      hint: `add ${names.length === 1 ? 'it' : 'them'} to inventory/secrets.age (with KOTADC_AGE_IDENTITY set) or export ${names.map((n) => `KOTADC_SECRET_${n}`).join(', ')}`,
    }),
  auditFailed: (where: string, reason: string) =>
    new ExternalError({
      code: 'DEPLOY_AUDIT_FAILED',
      message: `the deploy finished but its audit record could not be written to ${where}: ${reason}`,
      hint: 'fix the cause (disk space, permissions, database) so later deploys are recorded; this deploy’s outcome is in the output above',
    }),
  mirrorFailed: (reason: string) =>
    new UserError({
      code: 'PROVIDERS_MIRROR_NOTHING',
      message: `nothing to mirror: ${reason}`,
      hint: 'add a host with role docker to the inventory, or run on the inventory of the site you are preparing',
    }),
  volumeLoss: (losses: readonly {stack: string; address: string; action: string}[]) =>
    new UserError({
      code: 'DEPLOY_VOLUME_LOSS',
      message: `the containers phase would destroy ${losses.length === 1 ? 'a docker volume' : `${losses.length} docker volumes`} and the data in ${losses.length === 1 ? 'it' : 'them'}, so no stack was applied: ${losses.map((l) => `${l.address} (${l.action}) in stack ${l.stack}`).join(', ')}`,
      hint: `a removed workload's volumes go with it: back the data up first (kotadc backup run), then deploy again with --destroy-volumes; to keep a volume on its host instead, take it out of Terraform's state: terraform -chdir=.kotadc/stacks/${losses[0]?.stack ?? '<stack>'} state rm '${losses[0]?.address ?? '<address>'}'`,
    }),
  phaseUnknown: (name: string, known: readonly string[]) =>
    new UserError({code: 'PHASE_UNKNOWN', message: `there is no deploy phase named "${name}"`, hint: `use one of: ${known.join(', ')}`}),
}

export const deployCodes = defineCodes({
  PHASE_UNKNOWN: {family: 'user', meaning: '--phase names a deploy phase that does not exist', fix: 'use one of the phases listed in the hint'},
  DEPLOY_VOLUME_LOSS: {
    family: 'user',
    meaning: "a stack's plan would delete or replace a docker volume (the data of a removed or changed workload); no stack was applied",
    fix: "back the data up, then deploy with --destroy-volumes; or keep the volume by removing it from the stack's Terraform state",
  },
  DEPLOY_SECRETS_MISSING: {
    family: 'user',
    meaning: 'the containers to deploy need secrets that cannot be resolved; nothing was changed',
    fix: 'add them to inventory/secrets.age (with KOTADC_AGE_IDENTITY set) or export KOTADC_SECRET_<NAME>',
  },
  DEPLOY_AUDIT_FAILED: {
    family: 'external',
    meaning: 'the deploy finished but its audit record could not be written',
    fix: 'fix the cause (disk space, permissions, database) so later deploys are recorded',
  },
  PROVIDERS_MIRROR_NOTHING: {
    family: 'user',
    meaning: '`kotadc providers mirror` found no provider to mirror (no docker host in the inventory)',
    fix: 'add a host with role docker, or run on the inventory of the site you are preparing',
  },
})
