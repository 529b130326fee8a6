// Writes docs/errors.md, docs/inventory.md and docs/playbooks.md from the built code (run `npm run docs`, which builds first).
// With --check it writes nothing and exits 1 when a committed document differs from what the code produces.
import {readFile, writeFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import {renderErrorsDoc} from '../../dist/src/errors/doc.js'
import {renderInventoryDoc} from '../../dist/src/inventory/schema-doc.js'
import {renderPlaybooksDoc} from '../../dist/src/playbooks/doc.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const docs = {'docs/errors.md': renderErrorsDoc(), 'docs/inventory.md': renderInventoryDoc(), 'docs/playbooks.md': renderPlaybooksDoc()}
const check = process.argv.includes('--check')
let stale = 0
for (const [file, text] of Object.entries(docs)) {
  const path = root + file
  const current = await readFile(path, 'utf8').catch(() => '')
  if (current === text) continue
  if (check) {
    console.error(`${file} is out of date: run npm run docs and commit it`)
    stale++
  } else {
    await writeFile(path, text)
    console.error(`wrote ${file}`)
  }
}
process.exitCode = stale ? 1 : 0
