import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {schemaDirUnwritable} from '../errors/inventory-commands.js'
import {jsonSchemaFor, type InventoryFileKind} from '../inventory/schema.js'

export const SCHEMA_FILES = ['site', 'hosts', 'agency', 'overlay', 'all'] as const
export type SchemaFile = (typeof SCHEMA_FILES)[number]

const PER_FILE: InventoryFileKind[] = ['site', 'hosts', 'agency', 'overlay']

/** Directory the example inventory's `# yaml-language-server: $schema=` comments point at, from the repository root. */
export const DEFAULT_SCHEMA_DIR = '.kotadc/schema'

export interface WrittenSchema {
  kind: InventoryFileKind
  path: string
}

/** The `--json` contract of `inventory schema --out`. */
export interface SchemaWriteResult {
  out: string
  written: WrittenSchema[]
}

export const schemaDocument = (file: SchemaFile): object => jsonSchemaFor(file)

/**
 * Writes `<kind>.json` into `dir` (created if needed) for each kind of inventory file, or only `file`'s
 * when it names one. Editors find them through each file's `# yaml-language-server: $schema=` comment.
 */
export async function writeSchemaFiles(dir: string, file: SchemaFile = 'all'): Promise<SchemaWriteResult> {
  const kinds = file === 'all' ? PER_FILE : [file]
  const written: WrittenSchema[] = []
  try {
    await mkdir(dir, {recursive: true})
    for (const kind of kinds) {
      const path = join(dir, `${kind}.json`)
      await writeFile(path, JSON.stringify(jsonSchemaFor(kind), null, 2) + '\n')
      written.push({kind, path})
    }
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message
    throw schemaDirUnwritable(dir, reason, DEFAULT_SCHEMA_DIR, e)
  }
  return {out: dir, written}
}
