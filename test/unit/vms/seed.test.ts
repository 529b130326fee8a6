import {generateKeyPairSync} from 'node:crypto'
import ssh2 from 'ssh2'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {fingerprintOf, parsePrivateKeyFile, privateKeyFile, publicKeyLine} from '../../../src/vms/openssh-key.js'
import {renderSeed} from '../../../src/vms/seed.js'

const pair = () => {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({format: 'jwk'})
  return {seed: Buffer.from(jwk.d as string, 'base64url'), publicKey: Buffer.from(jwk.x as string, 'base64url')}
}

describe('VM host keys in OpenSSH form', () => {
  it('writes a private key file OpenSSH tools (ssh2 here) read back, with the same public key and fingerprint', () => {
    for (let i = 0; i < 20; i++) {
      const key = pair()
      const file = privateKeyFile(key, 'root@vm1')
      const parsed = ssh2.utils.parseKey(file)
      if (parsed instanceof Error) throw parsed
      const k = Array.isArray(parsed) ? parsed[0] : parsed
      expect(k?.type).toBe('ssh-ed25519')
      expect(k?.getPublicSSH().toString('base64')).toBe(publicKeyLine(key.publicKey, 'x').split(' ')[1])
      expect(parsePrivateKeyFile(file)).toEqual(key)
    }
  })

  it('fingerprints the way ssh-keygen -l does (SHA256 of the blob, base64 without padding)', () => {
    const key = pair()
    expect(fingerprintOf(key.publicKey)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
  })

  it('rejects what is not an unencrypted ed25519 key file', () => {
    expect(parsePrivateKeyFile('not a key')).toBeUndefined()
    expect(parsePrivateKeyFile('-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----')).toBeUndefined()
  })
})

describe('cloud-init NoCloud seed', () => {
  const key = pair()
  const hostKey = {privateKey: privateKeyFile(key, 'root@vm1'), publicKey: publicKeyLine(key.publicKey, 'root@vm1')}
  const seed = renderSeed({
    name: 'vm1',
    domain: 'kota.example.go.id',
    loginUser: 'kotadc',
    authorizedKeys: ['ssh-ed25519 AAAAkotadc kotadc@admin', 'ssh-ed25519 AAAAop operator1'],
    hostKey,
    mac: '52:54:00:12:34:56',
    cidr: '10.20.0.50/22',
    gateway: '10.20.0.1',
    nameservers: ['10.10.0.53'],
  })

  it('user-data: hostname, the login user with sudo and the keys, and exactly the pinned host key', () => {
    const text = seed.userData.reveal()
    expect(text.startsWith('#cloud-config\n')).toBe(true)
    const cfg = parse(text) as Record<string, unknown>
    expect(cfg).toMatchObject({hostname: 'vm1', fqdn: 'vm1.kota.example.go.id', ssh_pwauth: false, ssh_deletekeys: true})
    expect(cfg.users).toEqual([
      expect.objectContaining({
        name: 'kotadc',
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        lock_passwd: true,
        ssh_authorized_keys: ['ssh-ed25519 AAAAkotadc kotadc@admin', 'ssh-ed25519 AAAAop operator1'],
      }),
    ])
    expect(cfg.ssh_keys).toEqual({ed25519_private: hostKey.privateKey, ed25519_public: hostKey.publicKey})
  })

  it('user-data is a secret: printed, it shows no key', () => {
    expect(String(seed.userData)).not.toContain('PRIVATE KEY')
    expect(JSON.stringify({u: seed.userData})).not.toContain('PRIVATE KEY')
  })

  it('network-config v2: static address on the NIC with the domain MAC, gateway and DNS of the network', () => {
    expect(parse(seed.networkConfig)).toEqual({
      version: 2,
      ethernets: {
        primary: {
          match: {macaddress: '52:54:00:12:34:56'},
          'set-name': 'eth0',
          addresses: ['10.20.0.50/22'],
          routes: [{to: 'default', via: '10.20.0.1'}],
          nameservers: {addresses: ['10.10.0.53'], search: ['kota.example.go.id']},
        },
      },
    })
  })

  it('meta-data: an instance-id that changes with the host key, so a new seed is a new first boot', () => {
    const meta = parse(seed.metaData) as Record<string, string>
    expect(meta['local-hostname']).toBe('vm1')
    const other = pair()
    const again = renderSeed({...seedInputFor(other)})
    expect((parse(again.metaData) as Record<string, string>)['instance-id']).not.toBe(meta['instance-id'])
  })
})

const seedInputFor = (k: {seed: Buffer; publicKey: Buffer}) => ({
  name: 'vm1',
  domain: 'kota.example.go.id',
  loginUser: 'kotadc',
  authorizedKeys: [],
  hostKey: {privateKey: privateKeyFile(k, 'root@vm1'), publicKey: publicKeyLine(k.publicKey, 'root@vm1')},
  mac: '52:54:00:12:34:56',
  cidr: '10.20.0.50/22',
  gateway: '10.20.0.1',
  nameservers: [],
})
