import {defineCodes} from './define.js'
import {UserError} from './ops-error.js'

export const secretMissing = (name: string, envVar: string) =>
  new UserError({code: 'SECRET_MISSING', message: `secret ${name} is not set`, hint: `add ${name} to inventory/secrets.age or set ${envVar}`})

export const secretIdentityUnreadable = (file: string, reason: string) =>
  new UserError({code: 'SECRET_IDENTITY_UNREADABLE', message: `cannot read age identity ${file}: ${reason}`, hint: 'set KOTADC_AGE_IDENTITY to the path of a readable age identity file (AGE-SECRET-KEY-1...)'})

export const secretDecryptFailed = (file: string, reason: string, demoIdentity?: string) =>
  new UserError({
    code: 'SECRET_DECRYPT_FAILED',
    message: `cannot decrypt ${file}: ${reason}`,
    hint: demoIdentity
      ? `${file} is still the example's DEMO file (encrypted to ${demoIdentity}): delete both and write your own secrets.age encrypted to your identity (README: Secrets)`
      : 'check that KOTADC_AGE_IDENTITY names an identity the file was encrypted to (age -r <recipient>)',
  })

export const secretFileInvalid = (file: string, reason: string) =>
  new UserError({code: 'SECRET_FILE_INVALID', message: `${file} does not hold a YAML map of secret names to strings: ${reason}`, hint: 're-create it: write `NAME: value` lines and encrypt them with age'})

export const secretCodes = defineCodes({
  SECRET_MISSING: {family: 'user', meaning: 'a secret the command needs has no value', fix: 'add it to inventory/secrets.age or set KOTADC_SECRET_<NAME>'},
  SECRET_IDENTITY_UNREADABLE: {family: 'user', meaning: 'the age identity file named by KOTADC_AGE_IDENTITY cannot be read', fix: 'point KOTADC_AGE_IDENTITY at a readable age identity file (AGE-SECRET-KEY-1...)'},
  SECRET_DECRYPT_FAILED: {family: 'user', meaning: 'inventory/secrets.age cannot be decrypted with the given identity', fix: 'use an identity the file was encrypted to (age -r <recipient>)'},
  SECRET_FILE_INVALID: {family: 'user', meaning: 'the decrypted secrets file is not a YAML map of names to strings', fix: 're-create it: `NAME: value` lines, encrypted with age'},
})
