/**
 * Terraform reads every string of a *.tf.json file as a template: `${...}` is evaluated (variables, file(),
 * templatefile()...) and `%{...}` runs directives. Inventory text must reach the container as written, so each
 * `${` / `%{` becomes Terraform's escape `$${` / `%%{`. Every inventory string a stack writes goes through here;
 * only the stack's own references (secret variables, resource attributes) stay live.
 */
export const terraformLiteral = (text: string): string => text.replace(/([$%])\{/g, (_m, sigil: string) => `${sigil}${sigil}{`)

/** terraformLiteral over a list, for argv-like values such as a healthcheck command. */
export const terraformLiterals = (texts: readonly string[]): string[] => texts.map(terraformLiteral)
