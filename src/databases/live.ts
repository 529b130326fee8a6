/** A role as the server has it. `password` is pg_authid.rolpassword (a verifier): compared, never shown. */
export interface LiveRole {
  name: string
  login: boolean
  superuser: boolean
  password: string | null
}

export interface LiveDatabase {
  name: string
  owner: string
  sizeBytes: number
  connections: number
}

/** What kotadc reads from a running cluster (one psql query as postgres over the local socket). */
export interface LiveCluster {
  version: string
  hbaFile: string
  roles: LiveRole[]
  databases: LiveDatabase[]
}

/**
 * One query, one JSON line. Roles named pg_* are PostgreSQL's own; template databases are not user data.
 * Written by kotadc, no inventory value in it.
 */
export const LIVE_QUERY = `SELECT json_build_object(
  'version', current_setting('server_version'),
  'hbaFile', current_setting('hba_file'),
  'roles', (SELECT coalesce(json_agg(json_build_object('name', rolname, 'login', rolcanlogin, 'superuser', rolsuper, 'password', rolpassword) ORDER BY rolname), '[]') FROM pg_authid WHERE rolname !~ '^pg_'),
  'databases', (SELECT coalesce(json_agg(json_build_object('name', d.datname, 'owner', pg_get_userbyid(d.datdba), 'sizeBytes', pg_database_size(d.oid), 'connections', (SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid)) ORDER BY d.datname), '[]') FROM pg_database d WHERE NOT d.datistemplate)
);`

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Parses LIVE_QUERY's output; undefined when it is not what the query prints (the caller reports the host failed). */
export function parseLiveCluster(stdout: string): LiveCluster | undefined {
  let v: unknown
  try {
    v = JSON.parse(stdout.trim())
  } catch {
    return undefined
  }
  if (!isObj(v) || !Array.isArray(v.roles) || !Array.isArray(v.databases)) return undefined
  return {
    version: typeof v.version === 'string' || typeof v.version === 'number' ? String(v.version) : '',
    hbaFile: typeof v.hbaFile === 'string' ? v.hbaFile : '',
    roles: v.roles.filter(isObj).map((r) => ({
      name: String(r.name),
      login: r.login === true,
      superuser: r.superuser === true,
      password: typeof r.password === 'string' ? r.password : null,
    })),
    databases: v.databases
      .filter(isObj)
      .map((d) => ({name: String(d.name), owner: String(d.owner), sizeBytes: Number(d.sizeBytes), connections: Number(d.connections)})),
  }
}

/** One line of Debian's `pg_lsclusters --no-header`. */
export interface ClusterRef {
  version: string
  name: string
  port: number
  online: boolean
}

export function parseClusters(stdout: string): ClusterRef[] {
  return stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4 && /^\d+(\.\d+)?$/.test(f[0] as string))
    .map((f) => ({version: f[0] as string, name: f[1] as string, port: Number(f[2]), online: (f[3] as string).startsWith('online')}))
}

/** Debian keeps a cluster's configuration here; its postgresql.conf includes conf.d/*.conf. */
export const clusterConfDir = (c: Pick<ClusterRef, 'version' | 'name'>): string => `/etc/postgresql/${c.version}/${c.name}`
