import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import type {SecretStore} from '../../../../src/inventory/secrets.js'
import {Secret} from '../../../../src/inventory/secret.js'
import {planZoneFile} from '../../../../src/dns/zone-render.js'
import {buildSiteZones} from '../../../../src/dns/zone-model.js'
import type {Playbook} from '../../../../src/playbooks/model.js'
import type {PrepareContext, PreparedPlaybook} from '../../../../src/services/deploy/prepared-playbooks.js'
import {preparedHosts, runPhasePlaybook} from '../../../../src/services/deploy/prepared-playbooks.js'
import {dnsPrepared} from '../../../../src/services/dns/prepared.js'
import {PREPARED_BUILTINS} from '../../../../src/services/builtin-playbooks.js'
import {proxyPrepared} from '../../../../src/services/proxy/prepared.js'
import {FakeShell} from '../../../helpers/fake-shell.js'
import {netsvcInventory} from '../../netsvc/netsvc-inventory.js'

const inv = netsvcInventory()
const store = (values: Record<string, string>): SecretStore => ({
  names: () => Object.keys(values),
  has: (n) => n in values,
  get: (n) => new Secret(n, values[n] as string),
})
const withoutFinish = ({finish: _finish, ...rest}: PreparedPlaybook): PreparedPlaybook => rest
// Real certificates (test/fixtures/pki): notAfter 2027-11-30 and 2026-12-10, read as the proxy host prints them.
const certPem = (name: string): string => readFileSync(new URL(`../../../fixtures/pki/${name}`, import.meta.url), 'utf8')
/** The proxy's certificate files, in the order the proxy reads them (by domain). */
const crtPaths = ['arsip.kota.example', 'kota.example', 'simpus.kota.example'].map((d) => `/etc/kotadc/tls/${d}.crt`)
const CA = {SITE_CA_CERT: 'CA-PEM\n', SITE_CA_KEY: 'CA-KEY'}

function context(shells: Record<string, FakeShell>, over: Partial<PrepareContext> = {}): PrepareContext & {signed: string[]} {
  const signed: string[] = []
  return {
    check: false,
    hosts: inv.hosts.map((h) => h.name),
    environ: {},
    token: () => 'tok123abc',
    // 09:00 in Makassar (UTC+8) on 29 Nov 2026.
    now: () => new Date('2026-11-29T01:00:00Z'),
    sleep: async () => undefined,
    connect: async (t) => {
      throw new Error(`unexpected login of its own to ${t.host}: reads use the run's shared connection`)
    },
    shell: async (t) => {
      const s = shells[t.host]
      if (!s) throw new Error(`unexpected connection to ${t.host}`)
      return s
    },
    sign: async (csr, domain) => {
      signed.push(`${domain}:${csr.split('\n')[1]}`)
      return `CERT for ${domain}\n`
    },
    secrets: async () => store(CA),
    signed,
    ...over,
  }
}

// What the file facts' group prints (src/facts/file-group.ts): kinds, a stat line per file that exists, its sha256,
// which contents follow, then those contents in base64. The forward zone exists (serial ...07, other content).
const batchOutput = (paths: string[], live: Record<string, string>, statOf = (text: string) => `regular file|644|root|bind|${text.length}`) => {
  const texts = paths.map((p) => live[p])
  const present = texts.filter((t): t is string => t !== undefined)
  const kind = (t: string) => (statOf(t).startsWith('regular file') ? 'f' : 'o')
  const lines = [
    texts.map((t) => (t === undefined ? 'a' : kind(t))).join(''),
    ...present.map(statOf),
    ...present.filter((t) => kind(t) === 'f').map((t) => `${createHash('sha256').update(t).digest('hex')}  -`),
    texts.map((t) => (t !== undefined && kind(t) === 'f' ? '1' : '0')).join(''),
    Buffer.from(present.filter((t) => kind(t) === 'f').join('')).toString('base64'),
  ]
  return `@@kotadc-tok123abc begin g0\n${lines.join('\n')}\n\n@@kotadc-tok123abc end g0 0\n`
}

describe('prepared dns playbook', () => {
  it('reads the live zone files on the primary so the serial only moves up', async () => {
    const zones = buildSiteZones(inv)
    const paths = [zones.forward, ...zones.reverse].map((z) => `/etc/bind/kotadc/db.${z.name}`)
    const forward = paths[0] as string
    const old = planZoneFile({...zones.forward, records: zones.forward.records.slice(0, 2)}, '2026-11-29', undefined).text.replace(
      '2026112900',
      '2026112907',
    )
    const primary = new FakeShell('net1').expectRun(/@@kotadc-tok123abc begin g0/, {stdout: batchOutput(paths, {[forward]: old})})
    const pb = await dnsPrepared.prepare(inv, context({net1: primary}))
    primary.done()
    const zoneTask = pb
      .tasksFor(
        inv,
        inv.hosts.find((h) => h.name === 'net1')!,
      )
      .find((t) => t.name === `zone ${zones.forward.name}`)
    expect((zoneTask?.args as {content: string}).content).toContain('\t\t2026112908\t; serial')
  })

  it('a live zone file it cannot read stops the phase instead of restarting the serial', async () => {
    const zones = buildSiteZones(inv)
    const paths = [zones.forward, ...zones.reverse].map((z) => `/etc/bind/kotadc/db.${z.name}`)
    const out = batchOutput(paths, {[paths[0] as string]: ''}, () => 'directory|755|root|bind|4096')
    const primary = new FakeShell('net1').expectRun(/@@kotadc-tok123abc begin g0/, {stdout: out})
    await expect(dnsPrepared.prepare(inv, context({net1: primary}))).rejects.toMatchObject({code: 'DNS_ZONE_UNREADABLE'})
  })

  it('does not contact the primary when --limit leaves it out', async () => {
    const pb = await dnsPrepared.prepare(inv, context({}, {hosts: ['net2']}))
    expect(pb.targets).toEqual(['role:dns'])
  })

  it('a preflight builds every dns host task list without contacting a host', async () => {
    await expect(dnsPrepared.preflight(inv, context({}, {hosts: preparedHosts(inv, dnsPrepared, [])}))).resolves.toBeUndefined()
  })
})

describe('prepared proxy playbook', () => {
  it('refuses before any change when workloads have domains but there is no site CA', async () => {
    await expect(proxyPrepared.preflight(inv, context({}, {secrets: async () => store({})}))).rejects.toMatchObject({
      code: 'PKI_NO_CA',
      location: {file: expect.stringContaining('agencies')},
    })
  })

  it('signs a CSR made on each proxy for domains without a certificate, and installs the result', async () => {
    const expiry = (host: string) =>
      new FakeShell(host)
        .expectRun(/@@kotadc-tok123abc begin g0/, {
          stdout: batchOutput(crtPaths, {[crtPaths[0]!]: certPem('leaf-365-days.crt'), [crtPaths[2]!]: certPem('leaf-10-days.crt')}),
        })
        .expectRun(/openssl req -new -key/, {
          stdout: ['kota.example', 'simpus.kota.example']
            .map((d) => `-----BEGIN CERTIFICATE REQUEST-----\n${host}-${d}\n-----END CERTIFICATE REQUEST-----\n`)
            .join(''),
        })
    const shells = {net1: expiry('net1'), net2: expiry('net2')}
    const ctx = context(shells)
    const pb: Playbook = await proxyPrepared.prepare(inv, ctx)
    for (const s of Object.values(shells)) s.done()
    expect(ctx.signed.sort()).toEqual([
      'kota.example:net1-kota.example',
      'kota.example:net2-kota.example',
      'simpus.kota.example:net1-simpus.kota.example',
      'simpus.kota.example:net2-simpus.kota.example',
    ])
    const net1 = pb.tasksFor(
      inv,
      inv.hosts.find((h) => h.name === 'net1')!,
    )
    const certs = net1.filter((t) => t.name.startsWith('certificate ') && !t.name.startsWith('certificate directory'))
    expect(certs.map((t) => [t.name, (t.args as {content: string}).content])).toEqual([
      ['certificate kota.example', 'CERT for kota.example\n'],
      ['certificate simpus.kota.example', 'CERT for simpus.kota.example\n'],
    ])
  })

  it('check mode signs nothing and plans the certificates it would issue', async () => {
    const s = new FakeShell('net1').expectRun(/@@kotadc-tok123abc begin g0/, {stdout: batchOutput(crtPaths, {})})
    const ctx = context({net1: s}, {check: true, hosts: ['net1']})
    const pb = await proxyPrepared.prepare(inv, ctx)
    s.done()
    expect(ctx.signed).toEqual([])
    expect(
      pb
        .tasksFor(
          inv,
          inv.hosts.find((h) => h.name === 'net1')!,
        )
        .filter((t) => t.name.startsWith('certificate ') && !t.name.startsWith('certificate directory'))
        .map((t) => t.name),
    ).toEqual([
      'certificate arsip.kota.example (issue: no certificate yet)',
      'certificate kota.example (issue: no certificate yet)',
      'certificate simpus.kota.example (issue: no certificate yet)',
    ])
  })
})

describe('phase playbooks', () => {
  it('prepared playbooks run through the same runner, narrowed by --limit', async () => {
    expect(preparedHosts(inv, PREPARED_BUILTINS.dns!, ['net2', 'docker1'])).toEqual(['net2'])
    const ran: string[] = []
    const r = await runPhasePlaybook(
      'firewall',
      inv,
      {check: true, limit: [], environ: {}, cwd: '/'},
      {
        playbooks: {},
        prepared: {firewall: withoutFinish(PREPARED_BUILTINS.firewall!)},
        prepare: context({}),
        secrets: async () => store({}),
        runPlaybook: async (_inv, pb) => {
          ran.push(pb.name)
          return {playbook: pb.name, check: true, hosts: [], summary: {ok: 0, changed: 0, failed: 0, unreachable: 0}}
        },
      },
    )
    expect([ran, r.playbook]).toEqual([['firewall'], 'firewall'])
  })
})
