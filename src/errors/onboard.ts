import {defineCodes} from './define.js'
import {ExternalError, UserError, type SourceLocation} from './ops-error.js'

const at = (location?: SourceLocation): {location?: SourceLocation} => (location ? {location} : {})

/** Errors of onboarding: `agency add`, `workload add|remove`, `onboard`, their templates and request files. */
export const onboardErrors = {
  agencyExists: (code: string, location: SourceLocation) =>
    new UserError({
      code: 'ONBOARD_AGENCY_EXISTS',
      message: `agency ${code} already exists`,
      hint: `add workloads to it with \`kotadc workload add ${code} NAME --from TEMPLATE\`, or choose another code`,
      location,
    }),
  agencyUnknown: (code: string, known: string) =>
    new UserError({
      code: 'ONBOARD_AGENCY_UNKNOWN',
      message: `there is no agency ${code} in the inventory`,
      hint: `${known}; create it first with \`kotadc agency add ${code} --name "..."\``,
    }),
  workloadExists: (name: string, location: SourceLocation) =>
    new UserError({
      code: 'ONBOARD_WORKLOAD_EXISTS',
      message: `a workload named ${name} already exists`,
      hint: 'workload names are unique site-wide: choose another name',
      location,
    }),
  workloadUnknown: (agency: string, name: string, known: string) =>
    new UserError({code: 'ONBOARD_WORKLOAD_UNKNOWN', message: `agency ${agency} has no workload ${name}`, hint: known}),
  templateUnknown: (name: string, known: readonly string[], hint: string) =>
    new UserError({
      code: 'ONBOARD_TEMPLATE_UNKNOWN',
      message: `there is no workload template ${name}`,
      hint: `${hint}templates: ${known.join(', ') || 'none'} (templates/workloads/NAME.yaml)`,
    }),
  templateInvalid: (file: string, reason: string, line = 1) =>
    new UserError({
      code: 'ONBOARD_TEMPLATE_INVALID',
      message: `workload template ${file} cannot be used: ${reason}`,
      hint: 'a template has `description`, optional `defaults`, `secrets` and a `workloads` list using {{ placeholders }} (docs/onboarding.md)',
      location: {file, line, col: 1},
    }),
  requestInvalid: (file: string, reason: string, line = 1) =>
    new UserError({
      code: 'ONBOARD_REQUEST_INVALID',
      message: `request file ${file}: ${reason}`,
      hint: 'a request file has `agency` (code, name, contact) and `workloads` (name, template, optional values); see docs/onboarding.md',
      location: {file, line, col: 1},
    }),
  valueMissing: (what: string, flag: string) =>
    new UserError({
      code: 'ONBOARD_VALUE_MISSING',
      message: `no ${what} was given, and there is no terminal to ask for it`,
      hint: `pass ${flag}, or put it in the request file (--from-file)`,
    }),
  valueInvalid: (what: string, value: string, why: string) =>
    new UserError({code: 'ONBOARD_VALUE_INVALID', message: `${what} ${JSON.stringify(value)} cannot be used: ${why}`, hint: 'give another value'}),
  noHost: (role: string, why: string) =>
    new UserError({
      code: 'ONBOARD_NO_ROOM',
      message: `no host with role ${role} has room for the workload: ${why}`,
      hint: `add a ${role} host (hosts.yaml) or free room on one; --host names a host to use anyway`,
    }),
  hostFull: (host: string, why: string, location?: SourceLocation) =>
    new UserError({
      code: 'ONBOARD_HOST_FULL',
      message: `host ${host} has no room: ${why}`,
      hint: 'choose another host with --host, or leave --host out to place the workload where there is room',
      ...at(location),
    }),
  networkFull: (network: string, cidr: string, location?: SourceLocation) =>
    new UserError({
      code: 'ONBOARD_NETWORK_FULL',
      message: `network ${network} (${cidr}) has no free address left`,
      hint: 'choose another network with --network, or widen the network in site.yaml',
      ...at(location),
    }),
  writeFailed: (file: string, reason: string, secrets: string) =>
    new ExternalError({
      code: 'ONBOARD_WRITE_FAILED',
      message: `could not write ${file}: ${reason}; ${secrets}`,
      hint: 'fix the cause (disk space, permissions) and run the command again',
    }),
  removeUnsafe: (agency: string, name: string, why: string, location?: SourceLocation) =>
    new UserError({
      code: 'ONBOARD_REMOVE_BACKUP_STALE',
      message: `refusing to remove ${agency}/${name}: ${why}`,
      hint: `run \`kotadc backup run --limit agency:${agency}\` and try again, or pass --without-final-backup to remove it anyway`,
      ...at(location),
    }),
}

export const onboardCodes = defineCodes({
  ONBOARD_AGENCY_EXISTS: {
    family: 'user',
    meaning: '`agency add` names an agency the inventory already has',
    fix: 'add workloads to it with `workload add`, or choose another code',
  },
  ONBOARD_AGENCY_UNKNOWN: {
    family: 'user',
    meaning: 'a workload command names an agency the inventory does not have',
    fix: 'create it with `kotadc agency add`, or fix the spelling',
  },
  ONBOARD_WORKLOAD_EXISTS: {
    family: 'user',
    meaning: '`workload add` names a workload that already exists (names are unique site-wide)',
    fix: 'choose another name',
  },
  ONBOARD_WORKLOAD_UNKNOWN: {
    family: 'user',
    meaning: '`workload remove` names a workload the agency does not have',
    fix: 'check `kotadc inventory list workloads`',
  },
  ONBOARD_TEMPLATE_UNKNOWN: {
    family: 'user',
    meaning: 'no workload template of that name in templates/workloads/',
    fix: 'use one of the listed templates, or add templates/workloads/NAME.yaml',
  },
  ONBOARD_TEMPLATE_INVALID: {
    family: 'user',
    meaning: 'a workload template is not in the template format',
    fix: 'fix the template file (docs/onboarding.md)',
  },
  ONBOARD_REQUEST_INVALID: {
    family: 'user',
    meaning: 'a request file (--from-file) is not in the request format',
    fix: 'fix the file at the line shown (docs/onboarding.md)',
  },
  ONBOARD_VALUE_MISSING: {
    family: 'user',
    meaning: 'a value with no computed default was not given, and there is no terminal to ask for it',
    fix: 'pass the flag named, or put the value in the request file',
  },
  ONBOARD_VALUE_INVALID: {
    family: 'user',
    meaning: 'a given value (host, port, address, network, policy) cannot be used',
    fix: 'give another value, or leave it out for the computed default',
  },
  ONBOARD_NO_ROOM: {
    family: 'user',
    meaning: 'no host of the needed role has room (free ports, capacity) for the workload',
    fix: 'add a host or free room on one',
  },
  ONBOARD_HOST_FULL: {
    family: 'user',
    meaning: 'the host given (or the only one) has no free published port or capacity left',
    fix: 'choose another host, or leave --host out',
  },
  ONBOARD_NETWORK_FULL: {family: 'user', meaning: 'the network has no free address for a new VM', fix: 'choose another network or widen this one'},
  ONBOARD_WRITE_FAILED: {
    family: 'external',
    meaning: 'writing the agency file failed after the inventory was validated; the message says what happened to secrets.age',
    fix: 'fix the cause (disk space, permissions) and run the command again',
  },
  ONBOARD_REMOVE_BACKUP_STALE: {
    family: 'user',
    meaning: '`workload remove` refused: the workload has data whose newest backup is older than its policy allows, or none',
    fix: 'run `kotadc backup run` first, or pass --without-final-backup',
  },
})
