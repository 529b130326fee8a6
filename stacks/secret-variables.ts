import {terraformErrors} from '../src/errors/terraform-errors.js'

/** Same shape as the inventory's secret-name format (validated there, checked again where it becomes code). */
const SECRET_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/

/**
 * Secrets reach a stack as sensitive Terraform variables, one per secret name, whose values come from the
 * environment at plan/apply time (TF_VAR_<variable>), so no synthesized file ever holds a secret.
 */
export function secretVariableName(secret: string): string {
  // The name lands inside a live `${var.NAME}` expression: anything but an identifier would be Terraform code.
  if (!SECRET_NAME.test(secret)) throw terraformErrors.stackInconsistent(`secret name ${JSON.stringify(secret)} is not an identifier`)
  return `secret_${secret}`
}

/** The environment variable terraform reads the secret's variable from. */
export const secretVariableEnvName = (secret: string): string => `TF_VAR_${secretVariableName(secret)}`

/** Environment for a terraform run: each secret under its TF_VAR_ name. Values are revealed only here. */
export const secretVariableEnv = (secrets: ReadonlyArray<{name: string; reveal(): string}>): Record<string, string> =>
  Object.fromEntries(secrets.map((s) => [secretVariableEnvName(s.name), s.reveal()]))

/**
 * Not a secret, but set the same way: the docker provider's ssh options, as JSON in TF_VAR_<name>. They carry the
 * path of the generated known_hosts file, which belongs to the run, not to the synthesized stack.
 */
export const SSH_OPTIONS_VARIABLE = 'kotadc_ssh_options'

export const sshOptionsEnv = (options: readonly string[]): Record<string, string> => ({[`TF_VAR_${SSH_OPTIONS_VARIABLE}`]: JSON.stringify(options)})
