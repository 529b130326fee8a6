import {FORMATS} from './validate/formats.js'
import {ROLES} from './model.js'

/**
 * JSON Schema (draft-07) of inventory files, version 1. It is both the editor schema
 * (`# yaml-language-server: $schema=...`) and what the validator interprets, so the two never drift.
 * Keep it in sync with model.ts. Non-standard `discriminator` (as in OpenAPI/ajv) picks the oneOf branch.
 */
export type InventoryFileKind = 'site' | 'hosts' | 'agency' | 'overlay'

export type JsonSchema = Record<string, unknown>

export const SUPPORTED_SCHEMA_VERSIONS = [1] as const

/** `example` overrides the format's own where a key has a more telling one (docs/inventory.md shows it). */
const fmt = (format: keyof typeof FORMATS, description: string, example = FORMATS[format]?.example): JsonSchema => ({
  type: 'string',
  format,
  pattern: FORMATS[format]?.pattern,
  description,
  examples: [example],
})
const obj = (description: string, properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: 'object',
  description,
  properties,
  ...(required.length ? {required} : {}),
  additionalProperties: false,
})
const list = (description: string, items: JsonSchema, extra: JsonSchema = {}): JsonSchema => ({type: 'array', description, items, ...extra})
const int = (description: string, minimum: number, maximum?: number): JsonSchema => ({type: 'integer', description, minimum, ...(maximum === undefined ? {} : {maximum})})
const num = (description: string, exclusiveMinimum: number): JsonSchema => ({type: 'number', description, exclusiveMinimum})
// Free text on one line: `line` refuses control characters (a newline would start a new directive where it is rendered).
const str = (description: string): JsonSchema => ({type: 'string', format: 'line', pattern: FORMATS.line?.pattern, description, minLength: 1})
const ref = (name: string, example?: string): JsonSchema => ({$ref: `#/definitions/${name}`, ...(example ? {examples: [example]} : {})})

const port = (d: string): JsonSchema => int(d, 1, 65535)

const definitions: Record<string, JsonSchema> = {
  name: fmt('dns-label', 'lowercase DNS label: ^[a-z][a-z0-9-]{0,62}$, unique within its kind'),
  schemaVersion: {type: 'integer', description: 'inventory format version; this kotadc supports 1', enum: [...SUPPORTED_SCHEMA_VERSIONS]},
  site: obj(
    'the data center this inventory describes',
    {
      name: fmt('dns-label', 'site name (DNS label); commands refuse to act when --site names another', 'kotamobagu-dc'),
      domain: fmt('domain', 'zone the DNS service is authoritative for', 'kotamobagukota.go.id'),
      timezone: fmt('timezone', 'IANA time zone of the site, e.g. Asia/Makassar'),
      ssh: obj(
        'how kotadc logs in to every host',
        {
          user: fmt('unix-user', 'login user on every host (sudo for privileged steps)'),
          port: port('SSH port (default 22)'),
          identityFile: fmt('user-path', 'private key file; overridable with KOTADC_SSH_KEY'),
          knownHosts: fmt('user-path', 'known_hosts file used for hosts that pin no hostKey', '~/.ssh/known_hosts'),
          connectTimeout: int('seconds an SSH handshake may take before the host counts as unreachable (default 10; --connect-timeout wins)', 1, 300),
        },
        ['user'],
      ),
      admins: list('people allowed to SSH in; the base playbook deploys their keys', obj('an administrator', {name: ref('name', 'operator1'), sshKey: fmt('ssh-public-key', 'one-line SSH public key')}, ['name', 'sshKey'])),
    },
    ['name', 'domain', 'timezone', 'ssh'],
  ),
  network: obj(
    'a network (LAN/VLAN) of the site',
    {
      name: ref('name', 'mgmt'),
      cidr: fmt('cidr', 'address block, e.g. 10.10.0.0/24'),
      vlan: int('802.1Q VLAN id', 1, 4094),
      gateway: fmt('ipv4', 'default gateway, inside the cidr', '10.10.0.1'),
    },
    ['name', 'cidr', 'gateway'],
  ),
  terraform: obj(
    'how kotadc runs Terraform/OpenTofu',
    {
      binary: {type: 'string', enum: ['terraform', 'tofu'], description: 'terraform or tofu (default terraform)'},
      backend: {
        type: 'object',
        description: 'where state is kept',
        discriminator: {propertyName: 'type'},
        oneOf: [
          obj('local state files', {type: {const: 'local', description: 'state files on this machine'}, path: fmt('user-path', 'state directory', './terraform-state')}, ['type']),
          obj(
            'state in PostgreSQL',
            {
              type: {const: 'pg', description: 'PostgreSQL backend'},
              connString: fmt('pg-conn-string', 'connection string without a password (PGPASSFILE supplies it), or env:VAR to read it from the environment'),
              schemaName: fmt('pg-identifier', 'schema holding the state', 'terraform_state'),
            },
            ['type', 'connString'],
          ),
        ],
      },
      providerMirror: fmt('abs-path', 'filesystem provider mirror for air-gapped sites', '/srv/terraform-mirror'),
    },
    ['backend'],
  ),
  backupPolicy: obj(
    'a backup schedule and retention',
    {
      name: ref('name', 'standard'),
      schedule: {...fmt('calendar', 'systemd OnCalendar expression, e.g. "*-*-* 01:30:00"'), minLength: 1},
      keep: obj('how many snapshots to keep', {daily: int('daily snapshots', 0), weekly: int('weekly snapshots', 0), monthly: int('monthly snapshots', 0), yearly: int('yearly snapshots', 0)}),
      repository: fmt('dns-label', 'a host with role backup', 'backup1'),
      rpoHours: num('a workload whose newest snapshot is older is stale', 0),
    },
    ['name', 'schedule', 'keep', 'repository', 'rpoHours'],
  ),
  image: obj(
    'a VM base image: put into each hypervisor pool that needs it, once, checked by sha256',
    {
      name: ref('name', 'debian-12'),
      file: fmt('volume-name', "volume name in the hypervisor's pool", 'debian-12-genericcloud-amd64.qcow2'),
      sha256: fmt('sha256', 'SHA-256 of the file (lowercase hex); a pool copy with another sum is refused, never used'),
      source: fmt('user-path', 'the file on the machine running kotadc (nothing is downloaded)', '/srv/kotadc/images/debian-12-genericcloud-amd64.qcow2'),
      format: {type: 'string', enum: ['qcow2', 'raw'], description: 'disk format of the file (default qcow2)'},
    },
    ['name', 'file', 'sha256', 'source'],
  ),
  host: obj(
    'a machine kotadc manages over SSH',
    {
      name: ref('name', 'hv1'),
      address: fmt('ipv4', 'address inside the network; unique site-wide', '10.10.0.11'),
      network: fmt('dns-label', 'name of the network the address belongs to', 'mgmt'),
      roles: list('what the host does; each role lets kotadc place workloads and services on it', {type: 'string', enum: [...ROLES], description: 'a role'}, {uniqueItems: true}),
      hostKey: fmt('host-key', 'pinned SSH host key fingerprint (SHA256:...)'),
      resources: obj('capacity offered to VMs (required for hypervisors)', {cpus: int('virtual CPUs', 1), memoryGiB: num('memory in GiB', 0), diskGiB: num('disk in GiB', 0)}, ['cpus', 'memoryGiB', 'diskGiB']),
      overcommit: obj('ratios above 1 promise VMs more than the hardware has', {cpu: num('cpu ratio', 0), memory: num('memory ratio', 0), disk: num('disk ratio', 0)}),
      ssh: obj('per-host override of site.ssh', {
        user: fmt('unix-user', 'login user'),
        port: port('SSH port'),
        identityFile: fmt('user-path', 'private key file'),
        jumpHost: fmt('dns-label', 'inventory host to tunnel through', 'bastion1'),
      }),
      vars: {
        type: 'object',
        description: 'free-form values that playbooks and templates can read; the ones built-in playbooks read are typed',
        // Typed because they reach rendered files (daemon.json): a string here could add keys such as `runtimes`.
        properties: {
          dockerLogMaxSize: fmt('docker-log-size', 'docker json-file log size before rotation, e.g. 10m'),
          dockerLogMaxFile: int('docker log files kept per container', 1, 100),
          dockerLiveRestore: {type: 'boolean', description: 'keep containers running while dockerd restarts (default true)'},
          dockerService: {type: 'boolean', description: 'false: the docker-host playbook leaves the service alone (lab)'},
          vmVirtType: {type: 'string', enum: ['kvm', 'qemu'], description: 'hypervisors: run VMs as kvm or qemu (TCG, no hardware acceleration) instead of what kotadc detects'},
        },
      },
    },
    ['name', 'address', 'network', 'roles'],
  ),
  agency: obj(
    'the agency (dinas) owning the workloads in this file',
    {
      code: fmt('dns-label', 'short code; equals the file name agencies/<code>.yaml', 'dinkes'),
      name: str('full name'),
      contact: obj('who to call', {name: str('contact person'), email: fmt('email', 'email address'), phone: str('phone number')}, ['name']),
    },
    ['code', 'name'],
  ),
  backup: obj(
    'how the workload is backed up',
    {
      policy: fmt('dns-label', 'name of a backupPolicy', 'standard'),
      volumes: list('volumes of this workload to back up', ref('name', 'uploads')),
      paths: list('paths inside the VM to back up', fmt('abs-path', 'absolute path', '/srv/arsip')),
    },
    ['policy'],
  ),
}

const workloadCommon = {name: ref('name', 'simpus'), backup: ref('backup')}
const container = obj(
  'a Docker container on a docker host',
  {
    ...workloadCommon,
    kind: {const: 'container', description: 'a Docker container'},
    host: fmt('dns-label', 'a host with role docker', 'docker1'),
    image: fmt('image-ref', 'image reference, e.g. registry.internal/dinkes/simpus:2.4.1'),
    port: port('container port published to the proxy; unique per host'),
    env: {type: 'object', description: 'environment variables (values are strings)', propertyNames: fmt('env-name', 'variable name'), additionalProperties: fmt('text', 'variable value, passed to the container literally')},
    secrets: list('secret names from secrets.age or KOTADC_SECRET_<NAME>; each starts with the agency code or one of its workload names (README: Secrets)', fmt('secret-name', 'secret name')),
    volumes: list('named volumes', obj('a volume', {name: ref('name', 'uploads'), path: fmt('abs-path', 'mount path in the container', '/app/uploads')}, ['name', 'path'])),
    domain: fmt('domain', 'served by the proxy hosts with TLS; unique site-wide'),
    limits: obj('resource limits', {memoryMiB: int('memory limit in MiB', 4), cpus: num('CPU limit', 0)}),
    healthcheck: obj(
      'container health check',
      {command: list('argv of the check', fmt('text', 'an argument, passed literally', 'http://localhost:8080/health'), {minItems: 1}), intervalSeconds: int('seconds between checks', 1), timeoutSeconds: int('seconds before a check fails', 1), retries: int('failures before unhealthy', 1)},
      ['command'],
    ),
  },
  ['name', 'kind', 'host', 'image'],
)
const postgres = obj(
  'a PostgreSQL cluster on a database host',
  {...workloadCommon, kind: {const: 'postgres', description: 'a PostgreSQL cluster'}, host: fmt('dns-label', 'a host with role database', 'db1'), databases: list('databases to create, owned by the login role named after the workload', fmt('pg-identifier', 'database name', 'simpus'), {minItems: 1}), passwordSecret: fmt('secret-name', 'secret holding the login role\'s password (default <WORKLOAD>_DB_PASSWORD); starts with the agency code or one of its workload names, like every secret', 'SIMPUS_DB_PASSWORD')},
  ['name', 'kind', 'host', 'databases'],
)
const vm = obj(
  'a libvirt virtual machine',
  {
    ...workloadCommon,
    kind: {const: 'vm', description: 'a virtual machine'},
    hypervisor: fmt('dns-label', 'a host with role hypervisor; omitted = placed where capacity allows', 'hv1'),
    cpus: int('virtual CPUs', 1),
    memoryGiB: num('memory in GiB', 0),
    diskGiB: num('disk in GiB', 0),
    image: fmt('image-ref', 'name of an image in site.yaml images:', 'debian-12'),
    network: fmt('dns-label', 'network of the VM', 'services'),
    address: fmt('ipv4', 'address inside the network; unique site-wide'),
    domain: fmt('domain', 'served by the proxy hosts; unique site-wide', 'arsip.kotamobagukota.go.id'),
    port: port('port the proxy forwards to'),
  },
  ['name', 'kind', 'cpus', 'memoryGiB', 'diskGiB', 'image', 'network', 'address'],
)
definitions.workload = {type: 'object', description: 'a workload of the agency', discriminator: {propertyName: 'kind'}, oneOf: [container, postgres, vm]}

const top = {
  schemaVersion: ref('schemaVersion'),
  site: ref('site'),
  networks: list('networks of the site', ref('network')),
  terraform: ref('terraform'),
  backupPolicies: list('backup policies', ref('backupPolicy')),
  images: list('VM base images', ref('image')),
  hosts: list('hosts of the site', ref('host')),
  agency: ref('agency'),
  workloads: list('workloads of the agency', ref('workload')),
  allowedNetworks: list(
    'overlay only: the networks kotadc may contact under this overlay (CIDRs); a host address outside them is refused before connecting',
    fmt('cidr', 'address block', '172.30.0.0/16'),
    {minItems: 1},
  ),
}

const doc = (title: string, keys: (keyof typeof top)[], required: string[]): JsonSchema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `https://kotadc.local/schema/v1/${title}.json`,
  title: `kotadc inventory v1: ${title}`,
  ...obj(`kotadc inventory file (${title})`, Object.fromEntries(keys.map((k) => [k, top[k]])), required),
})

/** Overlays change existing entries: nothing is required except the name that picks the entry. */
function partial(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(partial)
  if (s === null || typeof s !== 'object') return s
  const src = s as JsonSchema
  if (Array.isArray(src.oneOf) && src.discriminator) {
    const branches = src.oneOf as JsonSchema[]
    const properties = Object.assign({}, ...branches.map((b) => b.properties)) as JsonSchema
    delete properties.kind
    return partial({type: 'object', description: src.description, properties, required: ['name'], additionalProperties: false})
  }
  const out: JsonSchema = {}
  for (const [k, v] of Object.entries(src)) {
    if (k === 'required') {
      if (Array.isArray(v) && v.includes('name')) out.required = ['name']
      continue
    }
    out[k] = k === 'enum' || k === 'const' ? v : partial(v)
  }
  return out
}

const overlayDefinitions = partial(definitions) as Record<string, JsonSchema>
overlayDefinitions.schemaVersion = definitions.schemaVersion as JsonSchema
// site is a single mapping, not a list entry picked by name: an overlay may change any of its keys alone.
delete (overlayDefinitions.site as JsonSchema).required

const build = (kind: InventoryFileKind | 'all'): JsonSchema => {
  switch (kind) {
    case 'site':
      return {...doc('site', ['schemaVersion', 'site', 'networks', 'terraform', 'backupPolicies', 'images'], ['schemaVersion', 'site', 'networks', 'terraform']), definitions}
    case 'hosts':
      return {...doc('hosts', ['schemaVersion', 'hosts'], ['hosts']), definitions}
    case 'agency':
      return {...doc('agency', ['schemaVersion', 'agency', 'workloads'], ['agency']), definitions}
    case 'overlay':
      return {...doc('overlay', ['schemaVersion', 'site', 'networks', 'terraform', 'backupPolicies', 'images', 'hosts', 'workloads', 'allowedNetworks'], []), definitions: overlayDefinitions}
    case 'all':
      return {...doc('all', Object.keys(top) as (keyof typeof top)[], []), definitions}
  }
}

const cache = new Map<string, JsonSchema>()

/** JSON Schema (draft-07, with descriptions) for one kind of inventory file, or `all` for any of them. */
export function jsonSchemaFor(kind: InventoryFileKind | 'all'): object {
  let s = cache.get(kind)
  if (!s) cache.set(kind, (s = build(kind)))
  return s
}
