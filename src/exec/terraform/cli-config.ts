import {terraformLiteral} from '../../../stacks/terraform-literal.js'

/** The CLI configuration file written when terraform.providerMirror is set (pointed to by TF_CLI_CONFIG_FILE). */
export const CLI_CONFIG_FILE = 'kotadc.tfrc'

/**
 * With only a filesystem_mirror block, terraform installs providers from the mirror and never tries the
 * registry: air-gapped sites fail at once with a clear message instead of waiting on the network.
 */
export function renderCliConfig(providerMirror: string): string {
  // HCL strings are JSON strings plus template sequences, which a literal path must not start.
  const path = JSON.stringify(terraformLiteral(providerMirror))
  return ['provider_installation {', '  filesystem_mirror {', `    path = ${path}`, '  }', '}', ''].join('\n')
}
