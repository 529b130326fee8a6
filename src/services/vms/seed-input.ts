import type {Inventory, VmWorkload} from '../../inventory/model.js'
import {networkByName} from '../../inventory/query.js'
import {macFor} from '../../vms/conventions.js'
import type {SeedInput} from '../../vms/seed.js'

/**
 * A VM's seed from the inventory: its address with the network's prefix and gateway, the site's DNS servers (the
 * hosts with role dns, else the gateway), kotadc's login key and the admins' keys.
 */
export function seedInputFor(inv: Inventory, vm: VmWorkload, hostKey: SeedInput['hostKey'], loginKey: string | undefined): SeedInput {
  const net = networkByName(inv, vm.network)
  const prefix = net?.cidr.split('/')[1] ?? '24'
  const dns = inv.hosts.filter((h) => h.roles.includes('dns')).map((h) => h.address)
  return {
    name: vm.name,
    domain: inv.site.domain,
    loginUser: inv.site.ssh.user,
    authorizedKeys: [...(loginKey ? [loginKey] : []), ...inv.site.admins.map((a) => a.sshKey)],
    hostKey,
    mac: macFor(inv.site.name, vm.name),
    cidr: `${vm.address}/${prefix}`,
    gateway: net?.gateway ?? '',
    nameservers: dns.length ? dns : net ? [net.gateway] : [],
  }
}
