import type {SourceLocation} from './ops-error.js'
import {defineCodes} from './define.js'
import {ExternalError, UserError} from './ops-error.js'

// Errors the network-service builders raise. The inventory validator catches most of these first;
// the builders still refuse rather than write a config the daemon would reject or misread.

const at = (location?: SourceLocation): {location?: SourceLocation} => (location ? {location} : {})

export const netsvcErrors = {
  unsafeValue: (what: string, value: string, location?: SourceLocation): UserError =>
    new UserError({
      code: 'NETSVC_UNSAFE_VALUE',
      message: `${what} ${JSON.stringify(value)} cannot be written into a service config`,
      hint: 'use lowercase DNS labels, dotted-quad addresses and ports 1-65535 in the inventory (run `kotadc validate`)',
      ...at(location),
    }),
  nameConflict: (fqdn: string, first: string, second: string, location?: SourceLocation): UserError =>
    new UserError({
      code: 'NETSVC_DNS_NAME_CONFLICT',
      message: `DNS name ${fqdn} is claimed by both ${first} and ${second}`,
      hint: 'rename the workload or change its domain so every host, VM and workload domain has its own name',
      ...at(location),
    }),
  noProxy: (domain: string, location?: SourceLocation): UserError =>
    new UserError({
      code: 'NETSVC_NO_PROXY_HOST',
      message: `workload domain ${domain} needs a proxy host, but no host has role proxy`,
      hint: 'add the proxy role to a host in hosts.yaml, or remove the domain from the workload',
      ...at(location),
    }),
  noUpstreamPort: (workload: string, domain: string, location?: SourceLocation): UserError =>
    new UserError({
      code: 'NETSVC_NO_UPSTREAM_PORT',
      message: `workload ${workload} has domain ${domain} but no port for the proxy to forward to`,
      hint: 'add `port:` (the container port published to the proxy) to the workload',
      ...at(location),
    }),
  noMgmtNetwork: (): UserError =>
    new UserError({
      code: 'NETSVC_NO_MGMT_NETWORK',
      message: 'the firewall allows SSH only from the network named mgmt, and the inventory has none',
      hint: 'name the management network `mgmt` in site.yaml networks',
    }),
  networkTooLarge: (network: string, cidr: string, location?: SourceLocation): UserError =>
    new UserError({
      code: 'NETSVC_NETWORK_TOO_LARGE',
      message: `network ${network} (${cidr}) is larger than /16; kotadc writes one reverse zone per /24 and stops at 256`,
      hint: 'split the network into blocks of /16 or smaller',
      ...at(location),
    }),
  serialOverflow: (zone: string, serial: number): UserError =>
    new UserError({
      code: 'NETSVC_SERIAL_OVERFLOW',
      message: `zone ${zone}: the live SOA serial ${serial} cannot be increased without passing 4294967295`,
      hint: 'reset the serial by hand following RFC 1982 (serial arithmetic) on the primary and every secondary',
    }),
  badDay: (day: string): UserError =>
    new UserError({code: 'NETSVC_BAD_DAY', message: `"${day}" is not a calendar day`, hint: 'pass today as YYYY-MM-DD'}),
  noDnsHost: (): UserError =>
    new UserError({
      code: 'NETSVC_NO_DNS_HOST',
      message: 'no host has role dns, so there is no zone to build',
      hint: 'add the dns role to a host in hosts.yaml',
    }),
  notDnsHost: (host: string, location?: SourceLocation): UserError =>
    new UserError({
      code: 'NETSVC_NOT_DNS_HOST',
      message: `host ${host} does not have role dns`,
      hint: 'run the dns playbook on role:dns hosts only',
      ...at(location),
    }),
  firewallRolledBack: (host: string, seconds: number, reachableAfter: boolean, location?: SourceLocation): ExternalError =>
    new ExternalError({
      code: 'FIREWALL_ROLLED_BACK',
      message: `host ${host}: the new firewall ruleset was rolled back: kotadc could not open a fresh SSH connection within ${seconds} s of loading it${reachableAfter ? '; the previous ruleset is back and the host answers again' : ', and the host does not answer yet'}`,
      hint: "the new rules would have locked kotadc out: check that this machine is inside the mgmt network (site.yaml networks) and the host's ssh port, then run again",
      failure: {argv: ['(firewall confirm over a fresh SSH connection)'], exitCode: null, stderrTail: ''},
      ...at(location),
    }),
  firewallLoadFailed: (host: string, stderrTail: string, location?: SourceLocation): ExternalError =>
    new ExternalError({
      code: 'FIREWALL_LOAD_FAILED',
      message: `host ${host}: nft could not load the staged ruleset; the previous one stays`,
      hint: 'read the nft message below; the ruleset passed `nft -c`, so the kernel may lack a feature it uses',
      failure: {argv: ['nft -f /etc/kotadc/nftables/kotadc.nft'], exitCode: 1, stderrTail},
      ...at(location),
    }),
  noCa: (domain: string, location?: SourceLocation): UserError =>
    new UserError({
      code: 'PKI_NO_CA',
      message: `workload domain ${domain} needs a certificate from the site CA, but the secrets hold no SITE_CA_CERT and SITE_CA_KEY`,
      hint: 'create the CA with `kotadc pki init` (and set KOTADC_AGE_IDENTITY so kotadc can read secrets.age)',
      ...at(location),
    }),
  csrMissing: (host: string, expected: number, got: number): ExternalError =>
    new ExternalError({
      code: 'PKI_CSR_MISSING',
      message: `host ${host} returned ${got} certificate requests for ${expected} domains`,
      hint: 'check that openssl is installed on the host and /etc/kotadc/tls is writable by root',
      failure: {argv: ['openssl req -new'], exitCode: null, stderrTail: ''},
    }),
  zoneUnreadable: (host: string, path: string): ExternalError =>
    new ExternalError({
      code: 'DNS_ZONE_UNREADABLE',
      message: `host ${host}: the live zone file ${path} is not a regular file kotadc can read, so the next serial is unknown`,
      hint: "move the file aside on the host (the serial then restarts at today's first) or make it a regular file under 256 KiB",
      failure: {argv: ['(file fact)'], exitCode: null, stderrTail: ''},
    }),
}

export const netsvcCodes = defineCodes({
  NETSVC_UNSAFE_VALUE: {
    family: 'user',
    meaning: 'a name, address or port cannot be written safely into a BIND, nginx or nftables config',
    fix: 'use DNS labels, dotted-quad addresses and ports 1-65535 (`kotadc validate` shows where)',
  },
  NETSVC_DNS_NAME_CONFLICT: {
    family: 'user',
    meaning: 'two hosts, VMs or workload domains claim the same DNS name',
    fix: 'rename one of them, or change the workload domain',
  },
  NETSVC_NO_PROXY_HOST: {
    family: 'user',
    meaning: 'a workload has a domain but no host has role proxy',
    fix: 'add the proxy role to a host, or remove the domain',
  },
  NETSVC_NO_UPSTREAM_PORT: {
    family: 'user',
    meaning: 'a workload has a domain but no port for the proxy to forward to',
    fix: 'add `port:` to the workload',
  },
  NETSVC_NO_MGMT_NETWORK: {
    family: 'user',
    meaning: 'the firewall allows SSH only from the network named mgmt, and the inventory has none',
    fix: 'name the management network `mgmt` in site.yaml',
  },
  NETSVC_NETWORK_TOO_LARGE: {
    family: 'user',
    meaning: 'a network is larger than /16, too many reverse zones',
    fix: 'split the network into blocks of /16 or smaller',
  },
  NETSVC_SERIAL_OVERFLOW: {
    family: 'user',
    meaning: 'the live SOA serial of a zone cannot grow without wrapping',
    fix: 'reset the serial by hand as RFC 1982 describes, on the primary and every secondary',
  },
  NETSVC_BAD_DAY: {family: 'user', meaning: 'a date given for the zone serial is not a calendar day', fix: 'pass the day as YYYY-MM-DD'},
  NETSVC_NO_DNS_HOST: {family: 'user', meaning: 'no host has role dns, so there is no zone to build', fix: 'add the dns role to a host'},
  NETSVC_NOT_DNS_HOST: {
    family: 'user',
    meaning: 'the dns playbook targets a host without role dns',
    fix: 'run the dns playbook on role:dns hosts only',
  },
  FIREWALL_ROLLED_BACK: {
    family: 'external',
    meaning: 'the new firewall ruleset was rolled back because kotadc could not reconnect over SSH after loading it',
    fix: 'check that this machine is inside the mgmt network and the host SSH port is allowed, then run again',
  },
  FIREWALL_LOAD_FAILED: {
    family: 'external',
    meaning: 'nft could not load the staged ruleset; the previous one stays',
    fix: 'read the nft message; the kernel may lack a feature the ruleset uses',
  },
  PKI_NO_CA: {
    family: 'user',
    meaning: 'a workload domain needs a certificate but the site CA (SITE_CA_CERT, SITE_CA_KEY) is not in the secrets',
    fix: 'create the CA with `kotadc pki init`, with KOTADC_AGE_IDENTITY set',
  },
  PKI_CSR_MISSING: {
    family: 'external',
    meaning: 'a host returned fewer certificate requests than it has domains',
    fix: 'check that openssl is installed on the host and /etc/kotadc/tls is writable by root',
  },
  DNS_ZONE_UNREADABLE: {
    family: 'external',
    meaning: 'the live zone file on the DNS host cannot be read, so the next serial is unknown',
    fix: 'move the file aside on the host, or make it a regular file under 256 KiB',
  },
})
