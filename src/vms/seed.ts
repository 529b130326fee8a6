import {stringify} from 'yaml'
import {Secret} from '../inventory/secret.js'

/**
 * The cloud-init NoCloud seed of a VM's first boot: meta-data, user-data (#cloud-config) and network-config (v2).
 * The VM's SSH host key is in user-data (`ssh_keys`), so sshd answers with the key kotadc pinned before the VM ever
 * ran: there is no first connection to trust. user-data is therefore a Secret: plans show `***`, never the key.
 */
export interface SeedInput {
  /** The VM (and libvirt domain) name; also its hostname. */
  name: string
  /** The site's DNS domain: the VM's FQDN is name.domain. */
  domain: string
  /** Account kotadc logs in as (site.ssh.user): created with passwordless sudo and these keys. */
  loginUser: string
  /** kotadc's login public key and the admins' keys. */
  authorizedKeys: readonly string[]
  /** The VM's host key: OpenSSH private key file and its public line. */
  hostKey: {privateKey: string; publicKey: string}
  /** Primary NIC, matched by the MAC the domain XML gives it. */
  mac: string
  /** `address/prefix`, e.g. 10.20.1.40/22. */
  cidr: string
  gateway: string
  nameservers: readonly string[]
}

export interface Seed {
  metaData: string
  userData: Secret
  networkConfig: string
}

// A changed instance-id makes cloud-init run its first-boot modules again; a new seed is a new VM, so it must change.
export const instanceId = (name: string, publicKey: string): string =>
  `${name}-${
    publicKey
      .split(' ')[1]
      ?.slice(-12)
      .replace(/[^A-Za-z0-9]/g, '') ?? ''
  }`

const yaml = (v: unknown): string => stringify(v, {lineWidth: 0})

export function renderSeed(s: SeedInput): Seed {
  const metaData = yaml({'instance-id': instanceId(s.name, s.hostKey.publicKey), 'local-hostname': s.name})
  const userData = `#cloud-config\n${yaml({
    hostname: s.name,
    fqdn: `${s.name}.${s.domain}`,
    manage_etc_hosts: true,
    users: [
      {
        name: s.loginUser,
        gecos: 'kotadc',
        shell: '/bin/bash',
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        lock_passwd: true,
        ssh_authorized_keys: [...s.authorizedKeys],
      },
    ],
    disable_root: true,
    ssh_pwauth: false,
    // Keys made when the image was built would not be the pinned one: delete them; with ssh_keys given, cloud-init
    // installs ours and generates none.
    ssh_deletekeys: true,
    ssh_keys: {ed25519_private: s.hostKey.privateKey, ed25519_public: s.hostKey.publicKey},
  })}`
  const networkConfig = yaml({
    version: 2,
    ethernets: {
      primary: {
        match: {macaddress: s.mac},
        'set-name': 'eth0',
        addresses: [s.cidr],
        routes: [{to: 'default', via: s.gateway}],
        nameservers: {addresses: [...s.nameservers], search: [s.domain]},
      },
    },
  })
  return {metaData, userData: new Secret(`cloud-init user-data of ${s.name}`, userData), networkConfig}
}
