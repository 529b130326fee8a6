import {defineCodes} from './define.js'

// The inventory's error codes: family, exit code, meaning and fix of each (docs/errors.md is generated from them).
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
