/**
 * Secrets reach a stack as sensitive Terraform variables, one per secret name, whose values come from the
 * environment at plan/apply time (TF_VAR_<variable>), so no synthesized file ever holds a secret.
 */
export const secretVariableName = (secret: string): string => `secret_${secret}`

/** The environment variable terraform reads the secret's variable from. */
export const secretVariableEnvName = (secret: string): string => `TF_VAR_${secretVariableName(secret)}`

/** Environment for a terraform run: each secret under its TF_VAR_ name. Values are revealed only here. */
export const secretVariableEnv = (secrets: ReadonlyArray<{name: string; reveal(): string}>): Record<string, string> =>
  Object.fromEntries(secrets.map((s) => [secretVariableEnvName(s.name), s.reveal()]))
