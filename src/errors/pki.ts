import {defineCodes} from './define.js'
import {UserError} from './ops-error.js'

/** Errors of `kotadc pki`: the site CA kept in secrets.age. */
export const pkiSecretsErrors = {
  locked: (file: string) =>
    new UserError({
      code: 'PKI_SECRETS_LOCKED',
      message: `${file} exists, but kotadc cannot decrypt it to add the CA: KOTADC_AGE_IDENTITY is not set`,
      hint: 'set KOTADC_AGE_IDENTITY to an age identity file that can decrypt secrets.age',
    }),
  noRecipient: () =>
    new UserError({
      code: 'PKI_NO_RECIPIENT',
      message: 'there is no age recipient to encrypt secrets.age to',
      hint: 'pass --recipient age1... (repeatable), or set KOTADC_AGE_IDENTITY so its public key is used',
    }),
  unreadable: (file: string, why: string) =>
    new UserError({code: 'PKI_SECRETS_UNREADABLE', message: `cannot read ${file}: ${why}`, hint: 'check the file and KOTADC_AGE_IDENTITY (never commit a decrypted copy)'}),
}

export const pkiCodes = defineCodes({
  PKI_SECRETS_LOCKED: {family: 'user', meaning: 'secrets.age exists but KOTADC_AGE_IDENTITY is not set, so the CA cannot be added to it', fix: 'set KOTADC_AGE_IDENTITY to an age identity that can decrypt secrets.age'},
  PKI_NO_RECIPIENT: {family: 'user', meaning: 'there is no age recipient to encrypt secrets.age to', fix: 'pass --recipient age1... (repeatable), or set KOTADC_AGE_IDENTITY so its public key is used'},
  PKI_SECRETS_UNREADABLE: {family: 'user', meaning: 'secrets.age cannot be decrypted or read', fix: 'check the file and KOTADC_AGE_IDENTITY (never commit a decrypted copy)'},
  PKI_CA_CERT_FAILED: {family: 'external', meaning: 'openssl could not create the site CA certificate', fix: 'install openssl on this machine and read its output'},
  PKI_SIGN_FAILED: {family: 'external', meaning: 'openssl could not sign a certificate with the site CA', fix: 'check that SITE_CA_KEY and SITE_CA_CERT belong together (`kotadc pki status`), or recreate the CA with `kotadc pki init --force`'},
})
