import {describe, expect, it} from 'vitest'
import {buildVhosts, renderVhost, VHOST_VALIDATE, vhostPath} from '../../../src/proxy/nginx-vhost.js'
import {expected, expectOpsError} from '../netsvc/fixtures.js'
import {netsvcInventory} from '../netsvc/netsvc-inventory.js'

const vhost = (inv: ReturnType<typeof netsvcInventory>, domain: string) => {
  const v = buildVhosts(inv).find((x) => x.domain === domain)
  if (!v) throw new Error(`no vhost ${domain}`)
  return v
}

describe('nginx virtual hosts', () => {
  it.each(['simpus.kota.example', 'kota.example'])('%s', (domain) => {
    expect(renderVhost(vhost(netsvcInventory(), domain))).toBe(expected(`vhost-${domain}.conf`))
  })

  it('one vhost per workload domain, sorted, each in its own conf.d file', () => {
    const vs = buildVhosts(netsvcInventory())
    expect(vs.map((v) => [v.domain, vhostPath(v.domain)])).toEqual([
      ['arsip.kota.example', '/etc/nginx/conf.d/kotadc-arsip.kota.example.conf'],
      ['kota.example', '/etc/nginx/conf.d/kotadc-kota.example.conf'],
      ['simpus.kota.example', '/etc/nginx/conf.d/kotadc-simpus.kota.example.conf'],
    ])
  })

  it('a VM upstream is the VM address; port 443 is spoken to over https, no port means 80', () => {
    const inv = netsvcInventory()
    expect(vhost(inv, 'arsip.kota.example').upstream).toEqual({address: '10.20.0.50', port: 8080, scheme: 'http'})
    const arsip = inv.workloads.find((w) => w.name === 'arsip')
    if (arsip?.kind !== 'vm') throw new Error('fixture changed')
    arsip.port = 443
    expect(renderVhost(vhost(inv, 'arsip.kota.example'))).toContain('\tserver 10.20.0.50:443;\n')
    expect(renderVhost(vhost(inv, 'arsip.kota.example'))).toContain('\t\tproxy_pass https://kotadc_arsip;\n')
    delete arsip.port
    expect(vhost(inv, 'arsip.kota.example').upstream.port).toBe(80)
  })

  it('a container with a domain and no port has nothing to proxy to', () => {
    const inv = netsvcInventory()
    const simpus = inv.workloads.find((w) => w.name === 'simpus')
    if (simpus?.kind !== 'container') throw new Error('fixture changed')
    delete simpus.port
    const e = expectOpsError(() => buildVhosts(inv), 'NETSVC_NO_UPSTREAM_PORT')
    expect(e.location).toEqual(simpus.at)
  })

  it('never writes a domain that could break out of a directive', () => {
    const inv = netsvcInventory()
    const simpus = inv.workloads.find((w) => w.name === 'simpus')
    if (simpus?.kind !== 'container') throw new Error('fixture changed')
    simpus.domain = 'x.kota.example; include /etc/shadow'
    expectOpsError(() => buildVhosts(inv), 'NETSVC_UNSAFE_VALUE')
  })

  it('validates the candidate through a throwaway main config naming it once', () => {
    expect(VHOST_VALIDATE.split('%s')).toHaveLength(2)
    expect(VHOST_VALIDATE).toContain('nginx -t -q -c "$d/nginx.conf"')
  })
})
