// Keeps docs/benchmarks.md as one file with a section per benchmark, each rewritten by its own script.
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {cpus, totalmem} from 'node:os'

export const machine = () =>
  `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; measured ${new Date().toISOString().slice(0, 10)}.`

export function replaceSection(file, title, body) {
  const text = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nEach section is written by the command it names; rerun that command to refresh it.\n'
  const start = `<!-- ${title}: start -->`
  const end = `<!-- ${title}: end -->`
  const section = `${start}\n## ${title}\n\n${body}\n${end}`
  const re = new RegExp(`${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\S]*?${end.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
  writeFileSync(file, re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`)
}
