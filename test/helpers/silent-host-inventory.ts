import {generateKeyPairSync} from 'node:crypto'
import {mkdirSync, writeFileSync} from 'node:fs'
import {createServer, type Socket} from 'node:net'
import {join} from 'node:path'

/** A loopback TCP port that accepts connections and never answers: SSH to it waits for its ready timeout. */
export async function startSilentHost(): Promise<{port: number; stop(): Promise<void>}> {
  const sockets: Socket[] = []
  const srv = createServer((s) => void sockets.push(s))
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  return {
    port: (srv.address() as {port: number}).port,
    stop: async () => {
      sockets.forEach((s) => s.destroy())
      await new Promise((r) => srv.close(r))
    },
  }
}

/**
 * A one-host inventory (site `locksite`, host `web1` on 127.0.0.1:`port`) with a throwaway client key, written to
 * `<repo>/inventory`; `pgConnString` selects the pg backend.
 */
export function writeSilentHostInventory(repo: string, port: number, pgConnString?: string): void {
  const {privateKey} = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: {type: 'pkcs1', format: 'pem'},
    publicKeyEncoding: {type: 'pkcs1', format: 'pem'},
  })
  writeFileSync(join(repo, 'id_test'), privateKey, {mode: 0o600})
  mkdirSync(join(repo, 'inventory'), {recursive: true})
  const backend = pgConnString ? `  backend: {type: pg, connString: "${pgConnString}"}` : '  backend: {type: local}'
  const site = [
    'schemaVersion: 1',
    'site:',
    '  name: locksite',
    '  domain: test.example',
    '  timezone: UTC',
    '  ssh:',
    '    user: nobody',
    `    port: ${port}`,
    `    identityFile: ${join(repo, 'id_test')}`,
  ]
  const rest = [
    '  admins: []',
    'networks:',
    '  - {name: lo, cidr: 127.0.0.0/8, gateway: 127.0.0.254}',
    'terraform:',
    '  binary: terraform',
    backend,
    'backupPolicies: []',
    '',
  ]
  writeFileSync(join(repo, 'inventory', 'site.yaml'), [...site, ...rest].join('\n'))
  const host = [
    'hosts:',
    '  - name: web1',
    '    address: 127.0.0.1',
    '    network: lo',
    '    roles: [proxy]',
    '    hostKey: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"',
    '',
  ]
  writeFileSync(join(repo, 'inventory', 'hosts.yaml'), host.join('\n'))
}
