import {Secret} from '../../inventory/secret.js'
import type {Arg} from '../cmd.js'
import type {Field} from './schema.js'
import {field} from './schema.js'

const show = (v: unknown): string => (v instanceof Secret ? 'a secret' : (JSON.stringify(v) ?? String(v)))
// Newlines and NUL never belong in paths, names or single arguments: they break line-based facts and argv.
const CONTROL = /[\0\n\r]/

// A number is written as text: `content: "{{ n | plus: 1 }}"` gives one, and YAML reads `content: 5` as one.
const numText = (v: unknown): unknown => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v)

export const str = (what = 'a string'): Field<string> =>
  field<string>(
    (raw) => {
      const v = numText(raw)
      return typeof v === 'string' && v !== '' && !/\0/.test(v) ? {value: v} : {error: `expected ${what}, got ${show(v)}`}
    },
    `write ${what}`,
    what.replace(/^an? /, ''),
  )

/** Plain text or a secret (file content, a line): may span lines. */
export const text = (): Field<string | Secret> =>
  field<string | Secret>(
    (raw) => {
      const v = numText(raw)
      return typeof v === 'string' || v instanceof Secret ? {value: v} : {error: `expected text, got ${show(v)}`}
    },
    'write a string (use a block scalar `|` for several lines)',
    'text or !secret',
  )

export const bool = (): Field<boolean> =>
  field<boolean>(
    (v) => (typeof v === 'boolean' ? {value: v} : {error: `expected true or false, got ${show(v)}`}),
    'write true or false',
    'true or false',
  )

export const int = (min = 0, max = 2 ** 32 - 2): Field<number> =>
  field<number>(
    (v) =>
      typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
        ? {value: v}
        : {error: `expected a whole number from ${min} to ${max}, got ${show(v)}`},
    `write a number such as ${Math.max(min, 1000)}`,
    `whole number ${min}–${max}`,
  )

export const oneOf = <const T extends string>(...values: T[]): Field<T> =>
  field<T>(
    (v) => ((values as unknown[]).includes(v) ? {value: v as T} : {error: `expected one of ${values.join(', ')}, got ${show(v)}`}),
    `use one of: ${values.join(', ')}`,
    values.map((v) => `\`${v}\``).join(' or '),
  )

/** An absolute, normalised path (no `..`, no `//`, no trailing slash). */
export const absPath = (): Field<string> =>
  field<string>(
    (v) => {
      if (typeof v !== 'string' || !v.startsWith('/') || CONTROL.test(v)) return {error: `expected an absolute path, got ${show(v)}`}
      if (v !== '/' && (v.endsWith('/') || v.includes('//') || v.split('/').some((s) => s === '..' || s === '.')))
        return {error: `path ${show(v)} is not normalised`}
      return {value: v}
    },
    'write an absolute path such as /etc/motd, without `..`, `//` or a trailing slash',
    'absolute path',
  )

/** A path inside the repository (copy) or templates/ (template): relative and unable to climb out. */
export const relPath = (root: string): Field<string> =>
  field<string>(
    (v) => {
      if (
        typeof v !== 'string' ||
        v === '' ||
        v.startsWith('/') ||
        CONTROL.test(v) ||
        v.split('/').some((s) => s === '..' || s === '.' || s === '')
      ) {
        return {error: `expected a path relative to ${root}, got ${show(v)}`}
      }
      return {value: v}
    },
    `write a path relative to ${root} without \`..\`, e.g. nginx/site.conf`,
    `path under ${root}`,
  )

/** Octal mode; YAML reads 0644 as the number 644, so numbers are taken digit by digit. */
export const mode = (): Field<string> =>
  field<string>(
    (v) => {
      const s = typeof v === 'number' && Number.isInteger(v) ? String(v) : v
      return typeof s === 'string' && /^0?[0-7]{3,4}$/.test(s) && s.replace(/^0(?=\d{4})/, '').length <= 4
        ? {value: s.length === 5 ? s.slice(1) : s.padStart(4, '0')}
        : {error: `expected an octal mode such as "0644", got ${show(v)}`}
    },
    'quote the mode as a string of octal digits, e.g. mode: "0640"',
    'octal mode',
  )

/** A user or group name (Debian NAME_REGEX, plus a trailing $ for machine accounts) or a numeric id. */
export const principal = (what: 'user' | 'group', {numeric = true} = {}): Field<string> =>
  field<string>(
    (v) => {
      const s = numeric && typeof v === 'number' && Number.isInteger(v) && v >= 0 ? String(v) : v
      if (typeof s === 'string' && (/^[a-z_][a-z0-9_-]{0,31}\$?$/.test(s) || (numeric && /^\d+$/.test(s)))) return {value: s}
      return {error: `expected a ${what} name, got ${show(v)}`}
    },
    `a ${what} name is lowercase letters, digits, _ or -, starting with a letter or _ (at most 32 characters)`,
    numeric ? `${what} name or id` : `${what} name`,
  )

export const packageName = (): Field<string> =>
  field<string>(
    (v) =>
      typeof v === 'string' && /^[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?(=[A-Za-z0-9.+~:-]+)?$/.test(v)
        ? {value: v}
        : {error: `expected a Debian package name, got ${show(v)}`},
    'write a package name such as nginx, optionally with :arch or =version',
    'Debian package name',
  )

export const serviceName = (): Field<string> =>
  field<string>(
    (v) => (typeof v === 'string' && /^[A-Za-z0-9_][A-Za-z0-9@._-]*$/.test(v) ? {value: v} : {error: `expected a service name, got ${show(v)}`}),
    'write a unit or init script name such as nginx or getty@tty1',
    'service name',
  )

export const sysctlKey = (): Field<string> =>
  field<string>(
    (v) => (typeof v === 'string' && /^[a-z0-9_][a-z0-9_.\-/]*$/.test(v) ? {value: v} : {error: `expected a sysctl key, got ${show(v)}`}),
    'write a key such as net.ipv4.ip_forward',
    'sysctl key',
  )

/** A single-line value (sysctl values, shells): numbers are accepted and written as text. */
export const scalar = (what: string): Field<string> =>
  field<string>(
    (v) => {
      const s = typeof v === 'number' ? String(v) : v
      return typeof s === 'string' && s.trim() !== '' && !CONTROL.test(s) ? {value: s} : {error: `expected ${what} on one line, got ${show(v)}`}
    },
    `write ${what} on one line`,
    `${what} (one line)`,
  )

/** Validate command for a new file: shell text that names the temp file as %s, e.g. `visudo -c -f %s`. */
export const validateCommand = (): Field<string> =>
  field<string>(
    (v) => (typeof v === 'string' && v.includes('%s') && !CONTROL.test(v) ? {value: v} : {error: `expected a command containing %s, got ${show(v)}`}),
    'write the checker with %s where the new file goes, e.g. "visudo -c -f %s"',
    'shell text with %s',
  )

/** One argv element: a string or a secret. */
export const arg = (): Field<Arg> =>
  field<Arg>(
    (v) =>
      (typeof v === 'string' && !/\0/.test(v)) || v instanceof Secret
        ? {value: v}
        : typeof v === 'number'
          ? {value: String(v)}
          : {error: `expected a command argument, got ${show(v)}`},
    'write each argument as a string',
    'string or !secret',
  )
