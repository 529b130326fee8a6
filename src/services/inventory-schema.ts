import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {UserError} from '../errors/ops-error.js'
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

const schemaDirUnwritable = (dir: string, reason: string, cause: unknown) =>
  new UserError({
    code: 'SCHEMA_DIR_UNWRITABLE',
    message: `cannot write schema files to ${dir}: ${reason}`,
    hint: `pass --out a directory you can write to, such as ${DEFAULT_SCHEMA_DIR} in the repository root`,
    cause,
  })

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
    throw schemaDirUnwritable(dir, reason, e)
  }
  return {out: dir, written}
}
