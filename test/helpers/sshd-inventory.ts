import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Sshd} from './sshd.js'

/**
 * A one-host inventory (host `web1`) pointing at a test sshd on 127.0.0.1, written to `<repo>/inventory`.
 * `hostKey` overrides the pinned fingerprint (to test a wrong pin).
 */
export function writeSshdInventory(
  repo: string,
  sshd: Pick<Sshd, 'port' | 'user' | 'clientKeyPath' | 'hostKeyFingerprint'>,
  opts: {hostKey?: string} = {},
): string {
  const dir = join(repo, 'inventory')
  mkdirSync(join(dir, 'playbooks'), {recursive: true})
  writeFileSync(
    join(dir, 'site.yaml'),
    [
      'schemaVersion: 1',
      'site:',
      '  name: testsite',
      '  domain: test.example',
      '  timezone: UTC',
      '  ssh:',
      `    user: ${sshd.user}`,
      `    port: ${sshd.port}`,
      `    identityFile: ${sshd.clientKeyPath}`,
      '  admins: []',
      'networks:',
      '  - name: lo',
      '    cidr: 127.0.0.0/8',
      '    gateway: 127.0.0.254',
      'terraform:',
      '  binary: terraform',
      '  backend: {type: local}',
      'backupPolicies: []',
      '',
    ].join('\n'),
  )
  writeFileSync(
    join(dir, 'hosts.yaml'),
    [
      'hosts:',
      '  - name: web1',
      '    address: 127.0.0.1',
      '    network: lo',
      '    roles: [proxy]',
      `    hostKey: "${opts.hostKey ?? sshd.hostKeyFingerprint}"`,
      '',
    ].join('\n'),
  )
  return dir
}
