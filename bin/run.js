#!/usr/bin/env node
// Fail with a plain message instead of a syntax or engine error deep inside a dependency.
const [major] = process.versions.node.split('.').map(Number)
if (major < 22) {
  process.stderr.write(`kotadc needs Node.js >= 22 (this is ${process.version}); run it through npx or npm scripts, which use the pinned Node\n`)
  process.exit(1)
}
// Terraform state and saved plans hold secrets in plain text: whatever kotadc or its children create is private to the
// operator from the first file on (src/exec/private-files.ts holds the rule; runLocal applies it again).
process.umask(process.umask() | 0o077)
// V8's compiled code for kotadc and its dependencies is kept between runs: start-up is CPU-bound, and on a busy CI
// runner or admin machine every run competes for it. The cache lives in the operator's own cache directory (created
// private by the umask above), never a shared one in /tmp where another user could plant code.
try {
  const {enableCompileCache} = await import('node:module')
  const {homedir} = await import('node:os')
  const base = process.env.XDG_CACHE_HOME || `${homedir()}/.cache`
  enableCompileCache?.(`${base}/kotadc/node-compile-cache`)
} catch {
  // No cache (read-only home, older Node): kotadc only starts slower.
}
const {execute} = await import('@oclif/core')
await execute({dir: import.meta.url})
