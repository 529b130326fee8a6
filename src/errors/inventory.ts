import type {IssueCodeOf} from './catalog.js'
import {defineCodes} from './define.js'
import {didYouMean} from './did-you-mean.js'
import type {IssueSeverity} from './inventory-issue.js'
import {UserError} from './ops-error.js'

// ---------------------------------------------------------------------------------------------
// Inventory issues: one problem at one place in an inventory file. Validation collects them all;
// the loader attaches the location and raises InventoryInvalidError.
// ---------------------------------------------------------------------------------------------

/** What an inventory issue says, before the loader knows where it is. */
export interface IssueSpec {
  code: IssueCodeOf<'INVENTORY_INVALID'>
  severity: IssueSeverity
  message: string
  hint: string
  /** The name the issue is about, for grouping repeated warnings of one kind. */
  subject?: string
}

type Code = IssueCodeOf<'INVENTORY_INVALID'>
const err = (code: Code, message: string, hint: string): IssueSpec => ({code, severity: 'error', message, hint})
const warn = (code: Code, message: string, hint: string, subject?: string): IssueSpec => ({
  code,
  severity: 'warning',
  message,
  hint,
  ...(subject === undefined ? {} : {subject}),
})
const orDidYouMean = (s: string | undefined, fallback: string): string => (s ? didYouMean(s).trimEnd() : fallback)
const q = (v: unknown): string => JSON.stringify(v) ?? String(v)

export const inventoryIssue = {
  yamlSyntax: (what: string) =>
    err('INVENTORY_YAML_SYNTAX', `YAML syntax error: ${what}`, 'fix the YAML at this position (check indentation, quotes and colons)'),
  unknownTag: (tag: string) =>
    err(
      'INVENTORY_UNKNOWN_TAG',
      `YAML tag ${tag} has no meaning in inventory files (the value would be used as plain text)`,
      tag === '!secret'
        ? "remove the tag and list the secret's name under the workload's secrets: (it reaches the container as a variable of that name)"
        : 'remove the tag',
    ),
  schemaVersionMissing: () =>
    err('INVENTORY_SCHEMA_VERSION_MISSING', 'schemaVersion is missing', 'add `schemaVersion: 1` as the first key of site.yaml'),
  schemaVersionUnsupported: (found: unknown, supported: readonly number[]) =>
    err(
      'INVENTORY_SCHEMA_VERSION_UNSUPPORTED',
      `schemaVersion ${q(found)} is not supported (this kotadc supports ${supported.join(', ')})`,
      `set schemaVersion to ${supported.at(-1)}, or upgrade kotadc if the inventory was written for a newer version`,
    ),
  unknownKey: (key: string, suggestion: string | undefined, allowed: readonly string[]) =>
    err('INVENTORY_UNKNOWN_KEY', `unknown key "${key}"`, orDidYouMean(suggestion, `remove it; allowed keys here: ${allowed.join(', ')}`)),
  missingKey: (key: string, why?: string) =>
    err('INVENTORY_MISSING_KEY', `required key "${key}" is missing${why ? ` (${why})` : ''}`, `add "${key}" here`),
  invalidType: (expected: string, got: string) =>
    err('INVENTORY_INVALID_TYPE', `expected ${expected}, got ${got}`, `write this value as ${expected}`),
  invalidValue: (message: string, hint: string) => err('INVENTORY_INVALID_VALUE', message, hint),
  invalidName: (message: string, hint: string) => err('INVENTORY_INVALID_NAME', message, hint),
  duplicateName: (kind: string, name: string, first: string) =>
    err('INVENTORY_DUPLICATE_NAME', `${kind} name "${name}" is already used (first at ${first})`, `rename one of them; ${kind} names must be unique`),
  duplicateAddress: (address: string, first: string) =>
    err('INVENTORY_DUPLICATE_ADDRESS', `address ${address} is already used (first at ${first})`, 'give each host and VM its own address'),
  duplicateDomain: (domain: string, first: string) =>
    err('INVENTORY_DUPLICATE_DOMAIN', `domain ${domain} is already used (first at ${first})`, 'give each workload its own domain'),
  duplicatePort: (port: number, host: string, first: string) =>
    err(
      'INVENTORY_DUPLICATE_PORT',
      `port ${port} is already published on host ${host} (first at ${first})`,
      'choose a free port on this host, or move the workload to another docker host',
    ),
  addressOutsideNetwork: (address: string, network: string, cidr: string) =>
    err(
      'INVENTORY_ADDRESS_OUTSIDE_NETWORK',
      `address ${address} is outside network ${network} (${cidr})`,
      `use an address inside ${cidr}, or change the network`,
    ),
  addressReserved: (address: string, what: string, network: string) =>
    err(
      'INVENTORY_ADDRESS_RESERVED',
      `address ${address} is the ${what} address of network ${network}`,
      'use a free host address inside the network',
    ),
  unknownReference: (kind: string, name: string, suggestion: string | undefined, known: readonly string[]) =>
    err(
      'INVENTORY_UNKNOWN_REFERENCE',
      `${kind} "${name}" does not exist`,
      orDidYouMean(
        suggestion,
        known.length ? `use one of: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}` : `define the ${kind} first`,
      ),
    ),
  wrongRole: (host: string, role: string, purpose: string) =>
    err(
      'INVENTORY_WRONG_ROLE',
      `host ${host} does not have role ${role}, needed ${purpose}`,
      `add ${role} to the roles of ${host}, or pick a host that has it`,
    ),
  capacityExceeded: (host: string, what: string, need: number, have: number, vms: readonly string[]) =>
    err(
      'INVENTORY_CAPACITY_EXCEEDED',
      `hypervisor ${host} is over capacity: its VMs (${vms.join(', ')}) need ${need} ${what}, it offers ${have}`,
      `raise resources or overcommit on ${host}, or move a VM to another hypervisor`,
    ),
  noPlacement: (vm: string, need: string) =>
    err('INVENTORY_NO_PLACEMENT', `no hypervisor has room for VM ${vm} (${need})`, 'add hypervisor capacity, raise overcommit, or shrink the VM'),
  agencyFileMismatch: (code: string, file: string) =>
    err(
      'INVENTORY_AGENCY_FILE_MISMATCH',
      `agency code "${code}" does not match its file name ${file}`,
      `rename the file to agencies/${code}.yaml, or set the code to the file name`,
    ),
  overlayUnknownTarget: (kind: string, name: string, suggestion: string | undefined) =>
    err(
      'INVENTORY_OVERLAY_UNKNOWN_TARGET',
      `overlay changes ${kind} "${name}", which the base inventory does not define`,
      orDidYouMean(suggestion, `overlays only change existing ${kind}s; define it in the base inventory first`),
    ),
  domainOutsideSite: (domain: string, site: string) =>
    err(
      'INVENTORY_DOMAIN_OUTSIDE_SITE',
      `domain ${domain} is outside the site domain ${site}`,
      `use a name under ${site}: the site CA may only sign names under it (name constraints) and the DNS service is authoritative for it only; serve ${domain} elsewhere`,
    ),
  hostOutsideFence: (host: string, address: string, declared: string) =>
    warn(
      'INVENTORY_HOST_OUTSIDE_FENCE',
      `host ${host} at ${address} is outside this overlay's allowedNetworks (${declared}): kotadc will refuse to contact it`,
      `if ${host} belongs in this environment, give it an address inside allowedNetworks in the overlay; an overlay that forgets a host leaves its production address`,
      host,
    ),
  backupUnplanned: (workload: string, reason: string) =>
    warn(
      'INVENTORY_BACKUP_UNPLANNED',
      `workload ${workload} has a backup section, but nothing backs it up: ${reason}`,
      'add the VM as an inventory host (same name or address) so its backup runs inside it, list what to back up, or remove the backup section; `kotadc backup status` counts it as not backed up',
      workload,
    ),
  secretMissing: (name: string, envVar: string) =>
    warn(
      'INVENTORY_SECRET_MISSING',
      `secret ${name} is not resolvable`,
      `add ${name} to inventory/secrets.age (with KOTADC_AGE_IDENTITY set) or set ${envVar}; deploy will fail without it`,
      name,
    ),
  secretReserved: (name: string, reserved: readonly string[], own: readonly string[]) =>
    err(
      'INVENTORY_SECRET_RESERVED',
      `secret ${name} is one of kotadc's own (${reserved.map((p) => `${p}*`).join(', ')}: the site CA key, restic repository passwords); an agency file cannot name it`,
      `remove it from this workload; the agency's own secrets are named ${own.join(' or ')}`,
    ),
  secretForeign: (name: string, agency: string, owners: readonly string[], own: readonly string[]) =>
    err(
      'INVENTORY_SECRET_FOREIGN',
      `secret ${name} belongs to ${owners.join(' and ')}, not to agency ${agency}`,
      `rename the secret to ${own.join(' or ')} (a secret of ${agency}'s own), or move the workload to the owner's agency file`,
    ),
  secretUnscoped: (name: string, agency: string, own: readonly string[]) =>
    err(
      'INVENTORY_SECRET_UNSCOPED',
      `secret ${name} starts with neither the code of agency ${agency} nor one of its workload names, so no agency owns it`,
      `rename the secret to ${own.join(' or ')}`,
    ),
  secretAmbiguous: (name: string, agency: string, others: readonly string[], own: readonly string[]) =>
    err(
      'INVENTORY_SECRET_AMBIGUOUS',
      `secret ${name} could belong to agency ${agency} and also to ${others.join(' and ')}`,
      `rename the colliding workload so no other agency's code or workload name followed by "_" starts the secret's name, or rename the secret to ${own.join(' or ')} if only ${agency} has that prefix`,
    ),
}

// ---------------------------------------------------------------------------------------------
// Inventory loading: problems that stop loading before any file can be checked.
// ---------------------------------------------------------------------------------------------

export const inventoryDirMissing = (dir: string) =>
  new UserError({
    code: 'INVENTORY_DIR_MISSING',
    message: `inventory directory ${dir} does not exist`,
    hint: 'run from the repository root, or pass -i DIR / set KOTADC_INVENTORY',
  })

export const inventoryNoFiles = (dir: string) =>
  new UserError({
    code: 'INVENTORY_NO_FILES',
    message: `no site.yaml in inventory directory ${dir}`,
    hint: `create ${dir}/site.yaml (docs/inventory.md describes every key), or point -i at the right directory`,
  })

export const inventoryNotDirectory = (path: string) =>
  new UserError({
    code: 'INVENTORY_NOT_DIRECTORY',
    message: `${path} is not a directory`,
    hint: 'point -i (or KOTADC_INVENTORY) at the inventory directory, the one holding site.yaml, not at a file in it',
  })

export const inventoryFileNotRegular = (file: string, kind: string) =>
  new UserError({
    code: 'INVENTORY_FILE_NOT_REGULAR',
    message: `${file} is a ${kind}, not a regular file`,
    hint: 'inventory files must be plain files; remove or rename it so it does not end in .yaml',
  })

export const inventoryFileTooLarge = (file: string, bytes: number, limit: number) =>
  new UserError({
    code: 'INVENTORY_FILE_TOO_LARGE',
    message: `${file} is ${(bytes / 2 ** 20).toFixed(1)} MiB; an inventory file may hold at most ${limit / 2 ** 20} MiB`,
    hint: 'split it (hosts/*.yaml, one agencies/<code>.yaml per agency), or check that it is the file you meant',
  })

export const inventoryFileUnreadable = (file: string, reason: string, cause?: unknown) =>
  new UserError({
    code: 'INVENTORY_FILE_UNREADABLE',
    message: `cannot read ${file}: ${reason}`,
    hint: 'check that the file exists and is readable by this user',
    cause,
  })

export const inventoryEnvInvalid = (env: string, known: readonly string[]) =>
  new UserError({
    code: 'INVENTORY_ENV_INVALID',
    message: `--env ${JSON.stringify(env)} is not an overlay name: names are lowercase letters, digits and hyphens, starting with a letter (inventory/envs/<name>.yaml); nothing was read`,
    hint: known.length ? `use one of: ${known.join(', ')}` : 'drop --env (and KOTADC_ENV), or name an overlay in inventory/envs/',
  })

export const inventoryEnvMissing = (env: string, file: string, known: readonly string[]) =>
  new UserError({
    code: 'INVENTORY_ENV_MISSING',
    message: `overlay ${env} not found: ${file} does not exist`,
    hint: known.length ? `use one of: ${known.join(', ')}` : 'create the overlay file, or drop --env',
  })

export const inventorySiteMismatch = (expected: string, actual: string, file: string) =>
  new UserError({
    code: 'INVENTORY_SITE_MISMATCH',
    message: `this inventory is for site ${actual}, not ${expected}`,
    hint: `check -i/--inventory (site.name is set in ${file}), or pass --site ${actual}`,
  })

const inInventory = {family: 'user', issue: 'INVENTORY_INVALID'} as const

export const inventoryCodes = defineCodes({
  INVENTORY_INVALID: {
    family: 'user',
    meaning: 'the inventory has at least one error; every issue found is listed with its file:line:col',
    fix: 'fix each listed issue (its code is explained below), then run `kotadc validate` again',
  },
  INVENTORY_YAML_SYNTAX: {
    ...inInventory,
    meaning: 'an inventory file is not valid YAML',
    fix: 'fix the YAML at the position shown: indentation, quotes and colons',
  },
  INVENTORY_UNKNOWN_TAG: {
    ...inInventory,
    meaning: 'a value carries a YAML tag (such as !secret) that inventory files do not resolve; it would be used as plain text',
    fix: 'remove the tag; a workload gets a secret by listing its name under secrets:',
  },
  INVENTORY_SCHEMA_VERSION_MISSING: {
    ...inInventory,
    meaning: 'site.yaml does not say which inventory format version it is written in',
    fix: 'add `schemaVersion: 1` as the first key of site.yaml',
  },
  INVENTORY_SCHEMA_VERSION_UNSUPPORTED: {
    ...inInventory,
    meaning: 'the inventory is written for a format version this kotadc does not read',
    fix: 'set schemaVersion to a supported version, or upgrade kotadc',
  },
  INVENTORY_UNKNOWN_KEY: {
    ...inInventory,
    meaning: 'a key that the inventory format does not define (often a typo)',
    fix: 'rename it as suggested, or remove it; docs/inventory.md lists the allowed keys',
  },
  INVENTORY_MISSING_KEY: {
    ...inInventory,
    meaning: 'a required key is missing',
    fix: 'add the key at the place shown; docs/inventory.md says which keys are required',
  },
  INVENTORY_INVALID_TYPE: {
    ...inInventory,
    meaning: 'a value has the wrong type (for example a list where a string belongs)',
    fix: 'write the value in the type the message names',
  },
  INVENTORY_INVALID_VALUE: {
    ...inInventory,
    meaning: 'a value has the right type but is not allowed (bad address, out-of-range port, unknown enum value)',
    fix: 'write a value of the form the hint shows',
  },
  INVENTORY_INVALID_NAME: {
    ...inInventory,
    meaning: 'a name is not a lowercase DNS label',
    fix: 'use lowercase letters, digits and hyphens, starting with a letter (at most 63 characters)',
  },
  INVENTORY_DUPLICATE_NAME: {
    ...inInventory,
    meaning: 'two objects of the same kind share a name',
    fix: 'rename one of them; names are unique within their kind',
  },
  INVENTORY_DUPLICATE_ADDRESS: {...inInventory, meaning: 'two hosts or VMs share an IP address', fix: 'give each host and VM its own address'},
  INVENTORY_DUPLICATE_DOMAIN: {...inInventory, meaning: 'two workloads claim the same domain', fix: 'give each workload its own domain'},
  INVENTORY_DUPLICATE_PORT: {
    ...inInventory,
    meaning: 'two workloads publish the same port on one docker host',
    fix: 'choose a free port, or move one workload to another docker host',
  },
  INVENTORY_ADDRESS_OUTSIDE_NETWORK: {
    ...inInventory,
    meaning: 'an address is not inside the CIDR of the network it is attached to',
    fix: 'use an address inside the network, or attach the host to the right network',
  },
  INVENTORY_ADDRESS_RESERVED: {
    ...inInventory,
    meaning: 'an address is the network, broadcast or gateway address of its network',
    fix: 'use a free host address inside the network',
  },
  INVENTORY_UNKNOWN_REFERENCE: {
    ...inInventory,
    meaning: 'a reference names a host, network, agency, policy or secret that is not defined',
    fix: 'fix the name as suggested, or define the object first',
  },
  INVENTORY_WRONG_ROLE: {
    ...inInventory,
    meaning: 'a reference names a host that lacks the role the reference needs (for example a workload on a host without role docker)',
    fix: 'add the role to the host, or pick a host that has it',
  },
  INVENTORY_CAPACITY_EXCEEDED: {
    ...inInventory,
    meaning: 'the VMs placed on a hypervisor need more CPU, memory or disk than it offers',
    fix: 'raise the hypervisor resources or overcommit, or move a VM to another hypervisor',
  },
  INVENTORY_NO_PLACEMENT: {
    ...inInventory,
    meaning: 'a VM without a fixed hypervisor fits on none of them',
    fix: 'add hypervisor capacity, raise overcommit, or shrink the VM',
  },
  INVENTORY_AGENCY_FILE_MISMATCH: {
    ...inInventory,
    meaning: 'an agency file is not named after the agency code it holds',
    fix: 'rename the file to agencies/<code>.yaml, or change the code',
  },
  INVENTORY_OVERLAY_UNKNOWN_TARGET: {
    ...inInventory,
    meaning: 'an overlay (inventory/envs/NAME.yaml) changes an object the base inventory does not define',
    fix: 'define the object in the base inventory; overlays only change existing objects',
  },
  INVENTORY_DOMAIN_OUTSIDE_SITE: {
    ...inInventory,
    meaning: 'a workload domain is outside the site domain: the site CA may not sign it (name constraints) and the site DNS does not serve it',
    fix: 'use a name under the site domain, or serve the domain elsewhere',
  },
  INVENTORY_HOST_OUTSIDE_FENCE: {
    ...inInventory,
    warning: true,
    meaning: "a host's address is outside the overlay's allowedNetworks, so kotadc will refuse to contact it (usually a host the overlay forgot)",
    fix: 'give the host an address inside allowedNetworks in the overlay',
  },
  INVENTORY_BACKUP_UNPLANNED: {
    ...inInventory,
    warning: true,
    meaning:
      'a workload has a backup section that no host carries out (a VM that is not an inventory host, or a section that names nothing to back up)',
    fix: 'add the VM as an inventory host, list what to back up, or remove the backup section; until then `backup status` counts it as not backed up (exit 1)',
  },
  INVENTORY_SECRET_MISSING: {
    ...inInventory,
    warning: true,
    meaning: 'a secret named by a workload cannot be resolved now; a deploy needing it will fail',
    fix: 'add it to inventory/secrets.age (with KOTADC_AGE_IDENTITY set) or set KOTADC_SECRET_<NAME>',
  },
  INVENTORY_SECRET_RESERVED: {
    ...inInventory,
    meaning:
      'a workload names one of the secrets kotadc keeps for itself (`SITE_*`, `RESTIC_*`, `KOTADC_*`: the site CA key, restic repository passwords)',
    fix: 'remove it; an agency names only its own secrets (README: Secrets)',
  },
  INVENTORY_SECRET_FOREIGN: {
    ...inInventory,
    meaning: "a workload names a secret whose name belongs to another agency (it starts with that agency's code or one of its workload names)",
    fix: "rename the secret to one starting with the workload's agency code or workload name, or move the workload to the owner's file",
  },
  INVENTORY_SECRET_UNSCOPED: {
    ...inInventory,
    meaning: "a workload names a secret that starts with neither its agency's code nor one of that agency's workload names",
    fix: 'rename the secret to <AGENCY>_… or <WORKLOAD>_… (UPPER_SNAKE)',
  },
  INVENTORY_SECRET_AMBIGUOUS: {
    ...inInventory,
    meaning: "a secret's name starts with prefixes of two agencies (workload e in one, e-office in another, for E_OFFICE_…), so its owner is unclear",
    fix: 'rename a colliding workload, or name the secret by a prefix only one agency has',
  },
  INVENTORY_DIR_MISSING: {
    family: 'user',
    meaning: 'the inventory directory does not exist',
    fix: 'run from the repository root, or pass -i DIR / set KOTADC_INVENTORY',
  },
  INVENTORY_NO_FILES: {
    family: 'user',
    meaning: 'the inventory directory holds no site.yaml',
    fix: 'create site.yaml (see docs/inventory.md), or point -i at the right directory',
  },
  INVENTORY_NOT_DIRECTORY: {
    family: 'user',
    meaning: '-i (or KOTADC_INVENTORY) names a file, not the inventory directory',
    fix: 'point -i at the directory that holds site.yaml',
  },
  INVENTORY_FILE_NOT_REGULAR: {
    family: 'user',
    meaning: 'an inventory .yaml path is a FIFO, device or other non-regular file, refused before reading',
    fix: 'remove or rename it so it does not end in .yaml',
  },
  INVENTORY_FILE_TOO_LARGE: {
    family: 'user',
    meaning: 'an inventory file is larger than kotadc reads (4 MiB), refused before reading',
    fix: 'split it (hosts/*.yaml, one agencies/<code>.yaml per agency), or check that it is the file you meant',
  },
  INVENTORY_FILE_UNREADABLE: {
    family: 'user',
    meaning: 'an inventory file cannot be read',
    fix: 'check that the file exists and is readable by this user',
  },
  INVENTORY_ENV_INVALID: {
    family: 'user',
    meaning: '--env (or KOTADC_ENV) is not an overlay name, such as a path (../x): refused before any file is read',
    fix: 'name an overlay in inventory/envs/ (lowercase letters, digits, hyphens), or drop --env',
  },
  INVENTORY_ENV_MISSING: {
    family: 'user',
    meaning: '--env names an overlay file that does not exist',
    fix: 'use one of the existing overlays in inventory/envs/, create the file, or drop --env',
  },
  INVENTORY_SITE_MISMATCH: {
    family: 'user',
    meaning: '--site names another site than the inventory describes',
    fix: 'check -i/--inventory, or pass the --site the inventory is for',
  },
})
