import {join, relative, resolve} from 'node:path'
import {terraformErrors} from '../../errors/terraform-errors.js'
import type {TerraformBackend} from '../../inventory/model.js'

/** Where local state lives unless terraform.backend.path says otherwise (relative to the project root). */
export const DEFAULT_STATE_DIR = '.kotadc/state'

/** The backend file the runner writes beside a stack's synthesized JSON. */
export const BACKEND_FILE = 'backend.tf.json'

export interface BackendContext {
  stack: string
  /** Absolute directory of the stack (terraform's working directory). */
  stackDir: string
  /** Absolute project root: where .kotadc/ lives. */
  projectRoot: string
}

/** pg schema of one stack: one schema per stack keeps each stack's state (and lock) separate. */
export const pgSchemaName = (backend: {schemaName?: string}, stack: string): string => `${backend.schemaName ?? 'kotadc'}_${stack.replace(/-/g, '_')}`

/**
 * The `terraform { backend ... }` block for a stack. It never holds a secret: the pg connection string goes to
 * terraform through PG_CONN_STR (see backendEnv), and local state paths are relative so a checkout can move.
 */
export function backendBlock(backend: TerraformBackend, ctx: BackendContext): Record<string, unknown> {
  if (backend.type === 'pg') return {terraform: {backend: {pg: {schema_name: pgSchemaName(backend, ctx.stack)}}}}
  const stateDir = localStateDir(backend, ctx.projectRoot)
  return {terraform: {backend: {local: {path: relative(ctx.stackDir, join(stateDir, `${ctx.stack}.tfstate`))}}}}
}

/** Absolute directory of the local backend's state files (they hold secret values: kept private, see stack-dir.ts). */
export const localStateDir = (backend: {path?: string}, projectRoot: string): string => resolve(projectRoot, backend.path ?? DEFAULT_STATE_DIR)

/** `env:NAME` reads NAME from the given environment; anything else is the connection string itself. */
export function resolveConnString(ref: string, env: Readonly<Record<string, string | undefined>>): string {
  if (!ref.startsWith('env:')) return ref
  const value = env[ref.slice(4)]
  if (!value) throw terraformErrors.pgConnMissing(ref)
  return value
}

/** Environment terraform needs for the backend: the pg connection string, resolved, or nothing. */
export function backendEnv(backend: TerraformBackend, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return backend.type === 'pg' ? {PG_CONN_STR: resolveConnString(backend.connString, env)} : {}
}

/** A connection string with its password removed, fit for hashing or printing. */
export function redactConnString(conn: string): string {
  return conn.replace(/(\/\/[^:/@]*):[^@]*@/, '$1@').replace(/\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/gi, 'password=***')
}
