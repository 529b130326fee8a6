import {X509Certificate} from 'node:crypto'

/** The notAfter of the first certificate in a PEM file; undefined when there is none or it does not parse (then it is issued again). */
export function certNotAfter(pem: string): Date | undefined {
  try {
    return new X509Certificate(pem).validToDate
  } catch {
    return undefined
  }
}
