import {defineCodes} from './define.js'
import {UserError} from './ops-error.js'

/** Reported by `pki status` (never thrown): a CA made before name constraints can sign for any domain. */
export const pkiCaUnconstrained = (domain: string, permitted: readonly string[]) =>
  new UserError({
    code: 'PKI_CA_UNCONSTRAINED',
    message: permitted.length
      ? `the site CA may sign names under ${permitted.join(', ')}, not under the site domain ${domain}`
      : 'the site CA has no name constraints: it can sign a certificate for any domain, and every host that trusts it would accept one',
    hint: `re-issue it limited to ${domain}: \`kotadc pki init --force\`, then \`kotadc deploy --limit role:proxy\` so the proxies trust the new CA and get certificates it signed`,
  })

export const pkiCodes = defineCodes({
  PKI_CA_UNCONSTRAINED: {
    family: 'user',
    meaning:
      'the site CA was made without name constraints (or for another domain), so it can sign certificates for any domain; `pki status` reports it',
    fix: 'run `kotadc pki init --force`, then deploy the proxies so hosts trust the new CA and get certificates it signed',
  },
  PKI_CA_CERT_FAILED: {
    family: 'external',
    meaning: 'openssl could not create the site CA certificate',
    fix: 'install openssl on this machine and read its output',
  },
  PKI_SIGN_FAILED: {
    family: 'external',
    meaning: 'openssl could not sign a certificate with the site CA',
    fix: 'check that SITE_CA_KEY and SITE_CA_CERT belong together (`kotadc pki status`), or recreate the CA with `kotadc pki init --force`',
  },
})
