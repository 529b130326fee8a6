import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'
import {onboardErrors} from '../../errors/onboard.js'
import {builtinTemplatesDir} from '../../exec/runner/repo-files.js'
import {parseTemplate, type WorkloadTemplate} from '../../onboard/template.js'

const NAME = /^[a-z][a-z0-9-]{0,62}$/

/** Where workload templates are looked for: the site's own templates/workloads/ first, then kotadc's. */
export const templateDirs = (repoRoot: string): string[] => [
  ...new Set([
    path.join(repoRoot, 'templates', 'workloads'),
    ...[builtinTemplatesDir()].filter((d) => d !== undefined).map((d) => path.join(d, 'workloads')),
  ]),
]

export async function templateNames(repoRoot: string): Promise<string[]> {
  const names = new Set<string>()
  for (const dir of templateDirs(repoRoot)) {
    for (const f of await readdir(dir).catch(() => [] as string[])) if (f.endsWith('.yaml') && NAME.test(f.slice(0, -5))) names.add(f.slice(0, -5))
  }
  return [...names].sort()
}

/** The template NAME; a name that is not a DNS label never becomes a path. */
export async function loadTemplate(repoRoot: string, name: string, cwd: string): Promise<WorkloadTemplate> {
  if (NAME.test(name)) {
    for (const dir of templateDirs(repoRoot)) {
      const file = path.join(dir, `${name}.yaml`)
      const text = await readFile(file, 'utf8').catch(() => undefined)
      if (text !== undefined) return parseTemplate(name, path.relative(cwd, file) || file, text)
    }
  }
  throw onboardErrors.templateUnknown(name, await templateNames(repoRoot), '')
}
