import {X509Certificate} from 'node:crypto'
import type {Cmd} from '../tasks/cmd.js'
import {shell, sudo} from '../tasks/cmd.js'
import {safeDomain} from '../netsvc/safe.js'
import {certPaths} from './cert-plan.js'

/**
 * Prints `<path> <base64 of the file>` (or `<path> none`) for each domain's certificate on the proxy host, one line
 * each. The controller reads the expiry itself: one `openssl x509` per certificate cost a no-change proxy phase half
 * a second on a host with 25 domains, and base64 framing keeps one file's bytes from passing for another's line.
 */
export function certificatesCommand(domains: readonly string[]): Cmd {
  const paths = domains.map((d) => certPaths(safeDomain(d, 'certificate domain')).crt)
  return sudo(shell('for c in "$@"; do if [ -f "$c" ]; then printf "%s " "$c"; base64 -w0 -- "$c"; echo; else echo "$c none"; fi; done', ...paths))
}

/** The notAfter of the first certificate in a PEM file; undefined when there is none or it does not parse (then it is issued again). */
export function certNotAfter(pem: string): Date | undefined {
  try {
    return new X509Certificate(pem).validToDate
  } catch {
    return undefined
  }
}

/** Reads certificatesCommand output: certificate path → its notAfter, or undefined when it is missing or unreadable. */
export function parseCertificates(stdout: string): Map<string, Date | undefined> {
  const out = new Map<string, Date | undefined>()
  for (const line of stdout.split('\n')) {
    const at = line.indexOf(' ')
    if (at <= 0) continue
    const body = line.slice(at + 1).trim()
    out.set(line.slice(0, at), body === 'none' ? undefined : certNotAfter(Buffer.from(body, 'base64').toString('utf8')))
  }
  return out
}
