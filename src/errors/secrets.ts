import {defineCodes} from './define.js'
import {UserError} from './ops-error.js'

export const secretMissing = (name: string, envVar: string) =>
  new UserError({code: 'SECRET_MISSING', message: `secret ${name} is not set`, hint: `add ${name} to inventory/secrets.age or set ${envVar}`})

export const secretIdentityUnreadable = (file: string, reason: string) =>
  new UserError({
    code: 'SECRET_IDENTITY_UNREADABLE',
    message: `cannot read age identity ${file}: ${reason}`,
    hint: 'set KOTADC_AGE_IDENTITY to the path of a readable age identity file (AGE-SECRET-KEY-1...)',
  })

/** Who may decrypt the file (recipients.txt) and who tried (the identity's public keys): what a wrong identity needs to see. */
export interface DecryptContext {
  demoIdentity?: string | undefined
  /** The recipients in recipients.txt, which every kotadc write encrypts to. */
  recipients?: readonly string[] | undefined
  /** The public keys of the identity that was tried. */
  tried?: readonly string[] | undefined
}

export const secretDecryptFailed = (file: string, reason: string, ctx: DecryptContext = {}) =>
  new UserError({
    code: 'SECRET_DECRYPT_FAILED',
    message:
      `cannot decrypt ${file}: ${reason}` +
      (ctx.recipients?.length ? `; it is encrypted to the recipients in recipients.txt: ${ctx.recipients.join(', ')}` : '') +
      (ctx.tried?.length ? `; the identity tried has public key ${ctx.tried.join(', ')}` : ''),
    hint: ctx.demoIdentity
      ? `${file} is still the example's DEMO file (encrypted to ${ctx.demoIdentity}): delete both and write your own secrets.age encrypted to your identity (README: Secrets)`
      : ctx.recipients?.length
        ? 'set KOTADC_AGE_IDENTITY to the identity of one of those recipients, or ask its holder to run `kotadc secrets recipients add <your public key>`'
        : 'check that KOTADC_AGE_IDENTITY names an identity the file was encrypted to (age -r <recipient>)',
  })

export const secretFileInvalid = (file: string, reason: string) =>
  new UserError({
    code: 'SECRET_FILE_INVALID',
    message: `${file} does not hold a YAML map of secret names to strings: ${reason}`,
    hint: 're-create it: write `NAME: value` lines and encrypt them with age',
  })

/** Errors of `kotadc secrets` and of every write of secrets.age. */
export const secretsFileErrors = {
  identityUnset: (file: string) =>
    new UserError({
      code: 'SECRET_IDENTITY_UNSET',
      message: `${file} exists, but kotadc cannot decrypt it to change it: KOTADC_AGE_IDENTITY is not set`,
      hint: 'set KOTADC_AGE_IDENTITY to an age identity file that can decrypt secrets.age',
    }),
  noRecipient: () =>
    new UserError({
      code: 'SECRET_NO_RECIPIENT',
      message: 'there is no age recipient to encrypt secrets.age to',
      hint: 'list the age public keys in inventory/recipients.txt (`kotadc secrets recipients add age1...`), or set KOTADC_AGE_IDENTITY so its public key is used',
    }),
  recipientInvalid: (key: string, location?: {file: string; line: number}) =>
    new UserError({
      code: 'SECRET_RECIPIENT_INVALID',
      message: `${JSON.stringify(key)} is not an age public key`,
      hint: 'an age public key is `age1` and 58 more characters, as `age-keygen -y IDENTITY_FILE` prints it; one per line in recipients.txt, `# who` after it',
      ...(location ? {location: {...location, col: 1}} : {}),
    }),
  recipientUnknown: (key: string, file: string, listed: readonly string[]) =>
    new UserError({
      code: 'SECRET_RECIPIENT_UNKNOWN',
      message: `${key} is not a recipient in ${file}`,
      hint: `the recipients are: ${listed.join(', ') || 'none'}`,
    }),
  recipientLockout: (key: string, why: string) =>
    new UserError({
      code: 'SECRET_RECIPIENT_LOCKOUT',
      message: `removing ${key} ${why}`,
      hint: 'add the replacement recipient first (`kotadc secrets recipients add KEY`), then remove this one using an identity that stays',
    }),
  nameInvalid: (name: string) =>
    new UserError({
      code: 'SECRET_NAME_INVALID',
      message: `${JSON.stringify(name)} is not a secret name`,
      hint: 'use letters, digits, `_` and `-`, starting with a letter, as workloads name them (DINKES_SMTP_PASSWORD)',
    }),
  valueEmpty: (name: string) =>
    new UserError({
      code: 'SECRET_VALUE_EMPTY',
      message: `no value for ${name}: the input was empty`,
      hint: 'pipe the value on stdin (`printf %s "$VALUE" | kotadc secrets set NAME --yes`), or run it on a terminal to be asked',
    }),
  revealRefused: (name: string, why: string) =>
    new UserError({
      code: 'SECRET_REVEAL_REFUSED',
      message: `${name} not shown: ${why}`,
      hint: 'on a terminal pass --reveal; a script passes both --reveal and --json and keeps the output out of logs',
    }),
}

export const secretCodes = defineCodes({
  SECRET_MISSING: {
    family: 'user',
    meaning: 'a secret the command needs has no value',
    fix: 'add it to inventory/secrets.age or set KOTADC_SECRET_<NAME>',
  },
  SECRET_IDENTITY_UNREADABLE: {
    family: 'user',
    meaning: 'the age identity file named by KOTADC_AGE_IDENTITY cannot be read',
    fix: 'point KOTADC_AGE_IDENTITY at a readable age identity file (AGE-SECRET-KEY-1...)',
  },
  SECRET_DECRYPT_FAILED: {
    family: 'user',
    meaning: 'inventory/secrets.age cannot be decrypted with the given identity',
    fix: 'use an identity the file was encrypted to (age -r <recipient>)',
  },
  SECRET_FILE_INVALID: {
    family: 'user',
    meaning: 'the decrypted secrets file is not a YAML map of names to strings',
    fix: 're-create it: `NAME: value` lines, encrypted with age',
  },
  SECRET_IDENTITY_UNSET: {
    family: 'user',
    meaning: 'secrets.age exists but KOTADC_AGE_IDENTITY is not set, so it cannot be changed',
    fix: 'set KOTADC_AGE_IDENTITY to an age identity that can decrypt secrets.age',
  },
  SECRET_NO_RECIPIENT: {
    family: 'user',
    meaning: 'there is no age recipient to encrypt secrets.age to',
    fix: 'list the public keys in inventory/recipients.txt, or set KOTADC_AGE_IDENTITY so its public key is used',
  },
  SECRET_RECIPIENT_INVALID: {
    family: 'user',
    meaning: 'a recipient (given, or a line of recipients.txt) is not an age public key',
    fix: 'use the `age1...` key `age-keygen -y` prints, one per line',
  },
  SECRET_RECIPIENT_UNKNOWN: {
    family: 'user',
    meaning: 'the key to remove is not in recipients.txt',
    fix: 'copy the key from recipients.txt (`kotadc secrets recipients list` shows them)',
  },
  SECRET_RECIPIENT_LOCKOUT: {
    family: 'user',
    meaning: 'removing the recipient would leave nobody, or not the identity in use, able to decrypt secrets.age',
    fix: 'add the replacement first, then remove the old key with an identity that stays',
  },
  SECRET_NAME_INVALID: {
    family: 'user',
    meaning: 'a secret name has characters a workload cannot name',
    fix: 'use letters, digits, `_` and `-`, starting with a letter',
  },
  SECRET_VALUE_EMPTY: {
    family: 'user',
    meaning: '`secrets set` read an empty value; nothing was written',
    fix: 'pipe the value on stdin or enter it at the prompt',
  },
  SECRET_REVEAL_REFUSED: {
    family: 'user',
    meaning: '`secrets get` shows a value only with --reveal, and without a terminal only with --reveal and --json',
    fix: 'pass --reveal on a terminal; --reveal --json in a script',
  },
})
