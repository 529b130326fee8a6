import {isCidr, parseCidr, parseIpv4} from './ipv4.js'

/**
 * String formats of the inventory schema. schema.ts publishes `pattern` for editors;
 * the validator calls `check`, which is stricter and explains what is wrong.
 */
export interface FormatProblem {
  /** `name` for identifiers (INVENTORY_INVALID_NAME), `value` for everything else (INVENTORY_INVALID_VALUE). */
  kind: 'name' | 'value'
  message: string
  hint: string
}

export interface Format {
  pattern: string
  /** A valid value, published as the schema's `examples` (editors and docs/inventory.md show it). */
  example: string
  check(v: string): FormatProblem | undefined
}

const q = (s: string): string => JSON.stringify(s)
const LABEL = /^[a-z][a-z0-9-]{0,62}$/
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/

/**
 * cdktf resolves `${TfToken[...]}` / `#{TfToken[...]}` markers wherever they appear in a construct's strings, so
 * inventory text carrying one could be swapped for another resource's value (or crash synth): refused everywhere.
 */
const CDKTF_TOKEN = /[$#]\{TfToken\[/
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/
// eslint-disable-next-line no-control-regex -- as above
const NUL = /[\u0000]/

const freeText = (forbidden: RegExp, example: string, hint: string): Format => ({
  pattern: `^[^${forbidden.source.slice(1, -1)}]*$`,
  example,
  check: (v) => {
    if (CDKTF_TOKEN.test(v)) return {kind: 'value', message: `${q(v)} contains a CDKTF token marker (\${TfToken[ or #{TfToken[)`, hint: 'remove the marker: kotadc passes inventory text to Terraform literally'}
    if (forbidden.test(v)) return {kind: 'value', message: `${q(v)} contains a control character that is not allowed here`, hint}
    return undefined
  },
})

const byPattern = (pattern: string, example: string, kind: FormatProblem['kind'], what: string, hint: string): Format => {
  const re = new RegExp(pattern)
  return {pattern, example, check: (v) => (re.test(v) ? undefined : {kind, message: `${q(v)} is not ${what}`, hint})}
}

export const FORMATS: Record<string, Format> = {
  /** One line of text (names, phone numbers): a newline could start a new directive in a rendered file. */
  line: freeText(CONTROL, 'Dinas Kesehatan', 'write it on one line, without tabs or control characters'),
  /** Text passed on as data (env values, healthcheck argv): newlines are allowed, NUL and CDKTF tokens are not. */
  text: freeText(NUL, 'Asia/Makassar', 'remove the NUL character'),
  /** systemd OnCalendar expression: it lands in a unit file and a crontab comment, so only its own characters. */
  calendar: byPattern('^[A-Za-z0-9*:.,/~+ -]+$', '*-*-* 01:30:00', 'value', 'a systemd calendar expression', 'use an OnCalendar expression such as "*-*-* 01:30:00" or daily'),
  'docker-log-size': byPattern('^[1-9][0-9]{0,5}[kmg]$', '10m', 'value', 'a docker log size', 'use a number and a unit k, m or g, such as 10m'),
  'dns-label': {
    pattern: LABEL.source,
    example: 'web-1',
    check: (v) =>
      LABEL.test(v)
        ? undefined
        : {
            kind: 'name',
            message: `${q(v)} is not a valid name (a lowercase DNS label)`,
            hint: 'use lowercase letters, digits and "-", starting with a letter, at most 63 characters (e.g. web-1)',
          },
  },
  domain: {
    example: 'simpus.kotamobagukota.go.id',
    pattern: '^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$',
    check: (v) => {
      const labels = v.split('.')
      const ok = v.length <= 253 && labels.length >= 2 && labels.every((l) => DOMAIN_LABEL.test(l)) && /^[a-z]/.test(labels.at(-1) ?? '')
      return ok ? undefined : {kind: 'name', message: `${q(v)} is not a valid domain name`, hint: 'use lowercase DNS labels separated by dots, such as app.example.go.id'}
    },
  },
  ipv4: {
    example: '10.20.0.50',
    pattern: '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$',
    check: (v) => (parseIpv4(v) === undefined ? {kind: 'value', message: `${q(v)} is not an IPv4 address`, hint: 'use a dotted quad such as 10.0.0.30'} : undefined),
  },
  cidr: {
    example: '10.20.0.0/22',
    pattern: '^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$',
    check: (v) => {
      const c = parseCidr(v)
      if (c === undefined) return {kind: 'value', message: `${q(v)} is not an IPv4 CIDR block`, hint: 'use network/prefix such as 10.20.0.0/22'}
      if (!isCidr(c)) return {kind: 'value', message: `${q(v)} has host bits set`, hint: `use the network address: ${c.hostBits}`}
      return undefined
    },
  },
  'abs-path': byPattern('^/[A-Za-z0-9._/@+-]*$', '/srv/app', 'value', 'an absolute path of safe characters', 'use an absolute path of letters, digits and ._/@+- such as /srv/app'),
  'user-path': byPattern('^(~|/|\\.)[A-Za-z0-9._/@+~-]*$', '~/.ssh/kotadc_ed25519', 'value', 'a file path', 'use an absolute path or one starting with ~/ such as ~/.ssh/kotadc_ed25519'),
  'volume-name': byPattern('^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$', 'debian-12-genericcloud-amd64.qcow2', 'value', 'a volume file name', 'use a file name of letters, digits and ._+- (no directory), such as debian-12.qcow2'),
  sha256: byPattern('^[0-9a-f]{64}$', 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00', 'value', 'a SHA-256 sum', 'use the 64 lowercase hex digits `sha256sum FILE` prints'),
  'image-ref': byPattern('^[a-z0-9][a-z0-9._/:@-]*$', 'registry.internal/dinkes/simpus:2.4.1', 'value', 'an image reference', 'use registry/name:tag such as registry.internal/dinkes/simpus:2.4.1'),
  'secret-name': byPattern('^[A-Za-z][A-Za-z0-9_-]*$', 'SIMPUS_DB_PASSWORD', 'name', 'a valid secret name', 'use letters, digits, "_" and "-", starting with a letter (e.g. SIMPUS_DB_PASSWORD)'),
  'env-name': byPattern('^[A-Za-z_][A-Za-z0-9_]*$', 'TZ', 'name', 'a valid environment variable name', 'use letters, digits and "_", not starting with a digit'),
  'pg-identifier': byPattern('^[a-z_][a-z0-9_]{0,62}$', 'simpus', 'name', 'a valid database name', 'use lowercase letters, digits and "_", starting with a letter'),
  'unix-user': byPattern('^[a-z_][a-z0-9_-]{0,31}$', 'kotadc', 'name', 'a valid user name', 'use a lowercase login name such as kotadc'),
  email: byPattern('^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', 'data@dinkes.example', 'value', 'an email address', 'use an address such as data@dinkes.example'),
  timezone: byPattern('^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$', 'Asia/Makassar', 'value', 'a time zone name', 'use an IANA zone such as Asia/Makassar'),
  'ssh-public-key': byPattern('^(ssh-|ecdsa-|sk-)[a-z0-9@.-]+ [^\\s]+( .*)?$', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI... operator1@kotadc', 'value', 'an SSH public key', 'paste the one-line public key, such as "ssh-ed25519 AAAAC3... user@host"'),
  // The value is never echoed: it may be the very password it must not contain.
  'pg-conn-string': {
    pattern: '^(?![^\\s]*://[^/@\\s]*:[^/@\\s]*@)(?!(.*\\s)?password\\s*=).+$',
    example: 'postgres://terraform@db1.kota.example/tfstate',
    check: (v) =>
      /^[a-z]+:\/\/[^/@\s]*:[^/@\s]*@/i.test(v) || /(^|\s)password\s*=/i.test(v)
        ? {
            kind: 'value',
            message: 'the PostgreSQL connection string has an inline password (it would be in the repository and in process lists)',
            hint: 'remove the password: keep it in a PGPASSFILE (~/.pgpass, mode 0600) for this user, or write connString: env:VAR and set VAR from a secret at run time',
          }
        : undefined,
  },
  'host-key': byPattern('^SHA256:[^\\s]+$', 'SHA256:3b8FvJm0cXcWq2LhJ5kq0m1aZ9yT7nQe4Rr6sPpD1wE', 'value', 'an SSH host key fingerprint', 'use the SHA256 fingerprint from `ssh-keygen -lf`, such as SHA256:abc...'),
}
