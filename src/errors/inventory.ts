import type {IssueCodeOf} from './catalog.js'
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
