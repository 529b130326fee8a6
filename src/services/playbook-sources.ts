import path from 'node:path'
import {copySourceNotFound, templateNotFound} from '../errors/tasks.js'
import type {PlaybookTask} from '../playbooks/model.js'

/**
 * The one rule for `src`: copy and template tasks name a file relative to templates/, looked up in the repository's
 * templates/ (next to the inventory) and then in kotadc's built-in templates. These say where it looked.
 */
export const lookedFor =
  (cwd: string, repoTemplates: string, builtin: string | undefined) =>
  (src: string): string[] => [path.relative(cwd, path.join(repoTemplates, src)) || src, ...(builtin ? [`kotadc's built-in templates/${src}`] : [])]

/** Every copy and template source of the run must exist before anything connects; the first missing one is an error. */
export function requireSources(
  tasks: readonly PlaybookTask[],
  where: {has: (type: 'copy' | 'template', src: string) => boolean; looked: (src: string) => string[]},
): void {
  for (const t of tasks) {
    if (t.skipped !== undefined || (t.type !== 'copy' && t.type !== 'template')) continue
    const {src} = t.args as {src: string}
    if (where.has(t.type, src)) continue
    throw t.type === 'copy' ? copySourceNotFound(src, where.looked(src), t.at) : templateNotFound(src, where.looked(src), t.at)
  }
}
