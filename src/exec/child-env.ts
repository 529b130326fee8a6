/**
 * The environment each kind of child process gets: an allow-list, never our whole environment. kotadc's own
 * environment holds KOTADC_SECRET_* values, the pg connection string and every stack's TF_VAR_s; a child sees only
 * what its program reads, plus the entries its caller passes on purpose (a stack's own TF_VAR_s, for instance).
 */
export type ChildKind = 'terraform' | 'ssh' | 'git' | 'openssl' | 'docker' | 'lab-script' | 'tool'

interface Allow {
  names: readonly string[]
  prefixes: readonly string[]
}

/** What any program needs to find binaries, write temp files and speak the user's locale. */
const COMMON: Allow = {
  names: ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TERM', 'NO_COLOR', 'COLORTERM'],
  prefixes: ['LC_'],
}
const PROXY = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR']
const DOCKER = ['DOCKER_HOST', 'DOCKER_CONFIG', 'DOCKER_CONTEXT', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY', 'DOCKER_API_VERSION', 'DOCKER_BUILDKIT']

const BY_KIND: Record<ChildKind, Allow> = {
  // TF_* configures terraform (TF_LOG, TF_CLI_CONFIG_FILE, TF_PLUGIN_CACHE_DIR...); TF_VAR_* is refused below. The
  // docker provider reaches hosts through the ssh binary, which may need the agent.
  terraform: {names: [...PROXY, 'SSH_AUTH_SOCK'], prefixes: ['TF_']},
  ssh: {names: ['SSH_AUTH_SOCK'], prefixes: []},
  git: {names: ['SSH_AUTH_SOCK', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_GLOBAL'], prefixes: []},
  openssl: {names: ['OPENSSL_CONF', 'RANDFILE'], prefixes: []},
  docker: {names: [...DOCKER, ...PROXY, 'SSH_AUTH_SOCK'], prefixes: []},
  // scripts/lab/*.sh: docker, debootstrap over the proxy/mirror, and its own KOTADC_LAB_* settings.
  'lab-script': {names: [...DOCKER, ...PROXY], prefixes: ['KOTADC_LAB_']},
  tool: {names: [], prefixes: []},
}

/** Never inherited whatever the kind: variable values are passed per stack, by name, by the caller. */
const NEVER = ['TF_VAR_', 'KOTADC_SECRET_']

const allowed = (kind: ChildKind, name: string): boolean => {
  if (NEVER.some((p) => name.startsWith(p))) return false
  const k = BY_KIND[kind]
  return [COMMON, k].some((a) => a.names.includes(name) || a.prefixes.some((p) => name.startsWith(p)))
}

/** The allow-listed part of `base` for `kind`, then `extra` (passed on purpose, so not filtered). */
export function childEnv(
  kind: ChildKind,
  base: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, string | undefined>> = {},
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(base)) if (value !== undefined && allowed(kind, name)) out[name] = value
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) out[name] = value
  return out
}
