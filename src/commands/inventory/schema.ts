import {Flags} from '@oclif/core'
import {OpsCommand} from '../../cli/ops-command.js'
import {SCHEMA_FILES, schemaDocument, writeSchemaFiles, type SchemaFile, type SchemaWriteResult} from '../../services/inventory-schema.js'
import {reaching} from '../../cli/reach.js'

/** Without --out the result is the JSON Schema itself, so `--json` and plain output are the same document. */
export type SchemaCommandResult = object | SchemaWriteResult

export default class InventorySchema extends OpsCommand<SchemaCommandResult> {
  static override description = reaching('offline', 'print the JSON Schema of inventory files, or write one file per kind for editors')
  static override examples = [
    '<%= config.bin %> <%= command.id %> --file agency',
    {
      description: 'write site.json, hosts.json, agency.json and overlay.json where the example inventory\'s `# yaml-language-server: $schema=` comments look (run from the repository root)',
      command: '<%= config.bin %> <%= command.id %> --out .kotadc/schema',
    },
  ]

  static override flags = {
    file: Flags.string({summary: 'which kind of inventory file', options: [...SCHEMA_FILES], default: 'all', env: 'KOTADC_SCHEMA_FILE'}),
    out: Flags.string({summary: 'write <kind>.json files into this directory instead of printing', env: 'KOTADC_SCHEMA_OUT'}),
  }

  async run(): Promise<SchemaCommandResult> {
    const {flags} = await this.parse(InventorySchema)
    this.setupOutput(flags)
    const file = flags.file as SchemaFile
    if (!flags.out) {
      const schema = schemaDocument(file)
      if (!this.jsonEnabled()) this.out(JSON.stringify(schema, null, 2))
      return schema
    }
    const result = await writeSchemaFiles(flags.out, file)
    if (!this.jsonEnabled()) this.out(result.written.map((w) => `wrote ${w.path} (${w.kind})`).join('\n'))
    return result
  }
}
