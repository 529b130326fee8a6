import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'
import type {Secret} from '../inventory/secret.js'
import {playbookErrors} from '../errors/playbook.js'
import type {Playbook} from './model.js'
import {parsePlaybook} from './parse.js'

export interface LoadPlaybookOptions {
  /** The inventory directory; user playbooks live in its playbooks/ folder. */
  inventoryDir: string
  /** File names in errors are relative to this (default process.cwd()). */
  cwd?: string
  secret?: (name: string) => Secret | undefined
  secretScope?: (name: string) => string | undefined
  /** Built-in playbook names, listed in the hint when no playbook of that name is found. */
  builtins?: readonly string[]
}

const YAML = /\.ya?ml$/

/** User playbook names found in <inventory>/playbooks, for hints. */
async function userPlaybooks(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[])
  return names
    .filter((n) => YAML.test(n))
    .map((n) => n.replace(YAML, ''))
    .sort()
}

/**
 * The only file reading of playbooks: a user playbook name (inventory/playbooks/<name>.yaml) or a path to a YAML
 * file. Built-in names are resolved before this, by the service (services/builtin-playbooks.ts).
 */
export async function loadPlaybook(name: string, opts: LoadPlaybookOptions): Promise<Playbook> {
  const cwd = opts.cwd ?? process.cwd()
  const pbDir = path.resolve(cwd, opts.inventoryDir, 'playbooks')
  const candidates =
    YAML.test(name) || name.includes('/') ? [path.resolve(cwd, name)] : [path.join(pbDir, `${name}.yaml`), path.join(pbDir, `${name}.yml`)]
  const show = (p: string): string => path.relative(cwd, p) || p
  for (const file of candidates) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'ENOENT') continue
      throw playbookErrors.unreadable(show(file), code ?? (e as Error).message)
    }
    return parsePlaybook(text, show(file), {
      defaultName: path.basename(file).replace(YAML, ''),
      ...(opts.secret ? {secret: opts.secret} : {}),
      ...(opts.secretScope ? {secretScope: opts.secretScope} : {}),
    })
  }
  throw playbookErrors.notFound(name, candidates.map(show), [...(opts.builtins ?? []), ...(await userPlaybooks(pbDir))])
}
