#!/usr/bin/env node
// Fills the example data center's DEMO secrets: inventory/DEMO-age-identity.txt (created once) and
// inventory/secrets.age encrypted to it, holding a random value for every secret the example needs (workload
// secrets, each backup source's restic password) and a demo site CA. Values already present are kept, so running it
// again after the example gains a workload only adds what is new. Everything here is public by design.
// Usage: npm run demo-secrets (builds first, and runs on the pinned Node).
import {randomBytes} from 'node:crypto'
import {existsSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {generateIdentity} from 'age-encryption'

const root = path.resolve(import.meta.dirname, '..', '..')
const dist = (p) => import(path.join(root, 'dist', 'src', p))
const dir = path.join(root, 'inventory')
const {DEMO_IDENTITY_FILE} = await dist('inventory/age-identity.js')
const identity = path.join(dir, DEMO_IDENTITY_FILE)

if (!existsSync(identity)) {
  writeFileSync(
    identity,
    [
      '# DEMO age identity of the example data center. It is public (it is in git): NEVER use it for a real site.',
      '# kotadc uses it only while KOTADC_AGE_IDENTITY is unset, and says so on every validate, plan and deploy.',
      '# For a real site: age-keygen -o ~/.config/kotadc/age.txt (Debian package `age`), export KOTADC_AGE_IDENTITY,',
      '# delete this file and inventory/secrets.age, and write your own secrets (README: Secrets).',
      await generateIdentity(),
      '',
    ].join('\n'),
    {mode: 0o644},
  )
}

const {loadInventory} = await dist('inventory/load.js')
const {planBackups} = await dist('backup/plan.js')
const {passwordSecretName} = await dist('backup/conventions.js')
const {passwordSecretOf} = await dist('databases/desired.js')
const {readSecretsMap, recipientsFor, writeSecretsMap} = await dist('exec/secrets-file.js')
const {initPki} = await dist('services/pki/init.js')

const environ = {KOTADC_AGE_IDENTITY: identity}
const {inventory, warnings} = await loadInventory({dir, cwd: root, environ})
const needed = new Set([
  ...warnings.filter((w) => w.code === 'INVENTORY_SECRET_MISSING').map((w) => w.subject),
  ...planBackups(inventory).hosts.map((h) => passwordSecretName(h.host)),
  ...inventory.workloads.filter((w) => w.kind === 'postgres').map(passwordSecretOf),
])
const map = await readSecretsMap(dir, identity)
const added = [...needed].filter((n) => !(n in map)).sort()
for (const name of added) map[name] = `demo-${randomBytes(18).toString('base64url')}`
if (added.length) await writeSecretsMap(dir, map, await recipientsFor([], identity))
const ca = await initPki(inventory, {cwd: root, environ, recipients: [], force: false})
console.log(`inventory/secrets.age: added ${added.length} (${added.join(', ') || 'none'}); site CA ${ca.created ? 'created' : 'kept'}`)
