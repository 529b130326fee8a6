import {createHash} from 'node:crypto'
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import type {FileInfo} from '../../../src/facts/file.js'
import {dnsLivePaths, dnsPlaybook, dnsTasks} from '../../../src/dns/playbook.js'
import {firewallApplyGuard, firewallPlaybook, firewallTasks} from '../../../src/firewall/playbook.js'
import type {PlaybookTask} from '../../../src/playbooks/model.js'
import {buildVhosts, renderVhost} from '../../../src/proxy/nginx-vhost.js'
import type {ProxyPlaybookInput} from '../../../src/proxy/playbook.js'
import {proxyPlaybook, proxyTasks} from '../../../src/proxy/playbook.js'
import type {TaskContext} from '../../../src/tasks/context.js'
import {displayStep} from '../../../src/tasks/step.js'
import {expectOpsError} from './fixtures.js'
import {netsvcInventory} from './netsvc-inventory.js'

const inv = netsvcInventory()
const host = (name: string) => {
  const h = inv.hosts.find((x) => x.name === name)
  if (!h) throw new Error(`no host ${name}`)
  return h
}
const ctx: TaskContext = {token: 'tok123abc', template: () => undefined, repoFile: () => undefined, variables: {host: {}, site: {}, playbook: {}}}
const absent: FileInfo = {exists: false}
const liveFile = (text: string): FileInfo => {
  const content = Buffer.from(text)
  return {
    exists: true,
    type: 'file',
    mode: '0644',
    owner: 'root',
    group: 'bind',
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
  }
}
const plan = (t: PlaybookTask, file: FileInfo) => t.task.plan(t.args, {file}, ctx)
const summary = (ts: PlaybookTask[]) => ts.map((t) => [t.name, t.type, t.notify.join(',')])
const byName = (ts: PlaybookTask[], name: string): PlaybookTask => {
  const t = ts.find((x) => x.name === name)
  if (!t) throw new Error(`no task ${name}`)
  return t
}

describe('dns playbook', () => {
  const none = {today: '2026-11-29', liveZone: () => undefined}

  it('primary: package, zone files, zone statements, include line; changes notify the reload', () => {
    expect(summary(dnsTasks(inv, host('net1'), none))).toEqual([
      ['bind9 package', 'package', ''],
      ['zone directory /etc/bind/kotadc', 'directory', ''],
      ['zone kota.example', 'file', 'reload named'],
      ['zone 0.10.10.in-addr.arpa', 'file', 'reload named'],
      ['zone 0.20.10.in-addr.arpa', 'file', 'reload named'],
      ['zone 1.20.10.in-addr.arpa', 'file', 'reload named'],
      ['zone 2.20.10.in-addr.arpa', 'file', 'reload named'],
      ['zone 3.20.10.in-addr.arpa', 'file', 'reload named'],
      ['zone statements /etc/bind/named.conf.kotadc', 'file', 'reload named'],
      ['include in /etc/bind/named.conf.local', 'line', 'reload named'],
      ['named running', 'service', ''],
    ])
    expect(dnsLivePaths(inv, host('net1'))).toContain('/etc/bind/kotadc/db.kota.example')
  })

  it('secondary: no zone files, only the zone statements', () => {
    expect(summary(dnsTasks(inv, host('net2'), none)).map((s) => s[0])).toEqual([
      'bind9 package',
      'zone statements /etc/bind/named.conf.kotadc',
      'include in /etc/bind/named.conf.local',
      'named running',
    ])
    expect(dnsLivePaths(inv, host('net2'))).toEqual([])
  })

  it('a new zone file is checked with named-checkzone before it replaces the live one', () => {
    const change = plan(byName(dnsTasks(inv, host('net1'), none), 'zone kota.example'), absent)
    if (!change.changed) throw new Error('expected a change')
    expect(change.steps.map(displayStep).join('\n')).toContain(`named-checkzone -q kota.example "$1"`)
  })

  it('a rerun the next day with the same inventory changes nothing: the serial stays', () => {
    const first = byName(dnsTasks(inv, host('net1'), none), 'zone kota.example')
    const written = (first.args as {content: string}).content
    const next = dnsTasks(inv, host('net1'), {
      today: '2026-11-30',
      liveZone: (h, p) => (h === 'net1' && p === '/etc/bind/kotadc/db.kota.example' ? written : undefined),
    })
    expect(plan(byName(next, 'zone kota.example'), liveFile(written)).changed).toBe(false)
  })

  it('zone statements are checked with named-checkconf; the handler reloads named', () => {
    const change = plan(byName(dnsTasks(inv, host('net2'), none), 'zone statements /etc/bind/named.conf.kotadc'), absent)
    if (!change.changed) throw new Error('expected a change')
    expect(change.steps.map(displayStep).join('\n')).toContain('named-checkconf "$1"')
    const pb = dnsPlaybook(none)
    expect([pb.targets, summary(pb.handlersFor(inv, host('net1')))]).toEqual([['role:dns'], [['reload named', 'service', '']]])
  })

  it('refuses a host without role dns', () => {
    expectOpsError(() => dnsTasks(inv, host('docker1'), none), 'NETSVC_NOT_DNS_HOST')
  })
})

describe('proxy playbook', () => {
  const CA = '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n'
  const vhostTemplate = readFileSync(path.join(import.meta.dirname, '../../../templates/proxy/vhost.conf'), 'utf8')
  const withTemplate: TaskContext = {...ctx, template: (n) => (n === 'proxy/vhost.conf' ? vhostTemplate : undefined)}
  const keepAll: ProxyPlaybookInput = {caCert: CA, issued: () => undefined, pending: () => undefined}

  it('proxy host: trust, nginx, certificate directory, one checked vhost per domain, nginx running', () => {
    const tasks = proxyTasks(inv, host('net1'), keepAll)
    expect(summary(tasks)).toEqual([
      ['site CA in the trust store', 'file', 'update trust store'],
      ['nginx package', 'package', ''],
      ['certificate directory /etc/kotadc/tls', 'directory', ''],
      ['stale vhosts', 'command', 'reload nginx'],
      ['vhost arsip.kota.example', 'template', 'reload nginx'],
      ['vhost kota.example', 'template', 'reload nginx'],
      ['vhost simpus.kota.example', 'template', 'reload nginx'],
      ['nginx running', 'service', ''],
    ])
    const t = byName(tasks, 'vhost kota.example')
    const change = t.task.plan(t.args, {file: absent}, withTemplate)
    if (!change.changed) throw new Error('expected a change')
    expect(change.steps.map(displayStep).join('\n')).toContain('nginx -t -q -c')
    // A vhost that nginx rejects fails at the workload that produced it.
    expect(t.at?.file).toMatch(/agencies/)
    expect(proxyPlaybook(keepAll).targets).toEqual(['all'])
  })

  it('removes kotadc vhosts of domains no longer in the inventory, and only those', () => {
    const stale = byName(proxyTasks(inv, host('net1'), keepAll), 'stale vhosts')
    const a = stale.args as {shell: string; unless: string}
    expect(a.unless).toContain('case " kotadc-arsip.kota.example.conf kotadc-kota.example.conf kotadc-simpus.kota.example.conf " in')
    expect(a.shell).toContain('rm -f -- "$f"')
    const run = (script: string, files: string[]): string[] => {
      const dir = mkdtempSync(path.join(tmpdir(), 'kotadc-stale-'))
      for (const f of files) writeFileSync(path.join(dir, f), '')
      execFileSync('sh', ['-c', script.replace('cd /etc/nginx/conf.d', `cd ${dir}`)])
      const left = readdirSync(dir).sort()
      rmSync(dir, {recursive: true})
      return left
    }
    expect(run(a.shell, ['kotadc-kota.example.conf', 'kotadc-old.kota.example.conf', 'default.conf'])).toEqual([
      'default.conf',
      'kotadc-kota.example.conf',
    ])
  })

  it('the built-in vhost template renders exactly what renderVhost does', () => {
    for (const v of buildVhosts(inv)) {
      const t = byName(proxyTasks(inv, host('net1'), keepAll), `vhost ${v.domain}`)
      const change = t.task.plan(t.args, {file: {...liveFile(renderVhost(v)), group: 'root'}}, withTemplate)
      expect(change.changed, v.domain).toBe(false)
    }
  })

  it('other hosts only trust the CA; without a CA nothing is installed', () => {
    expect(summary(proxyTasks(inv, host('docker1'), keepAll))).toEqual([['site CA in the trust store', 'file', 'update trust store']])
    expect(proxyTasks(inv, host('docker1'), {...keepAll, caCert: undefined})).toEqual([])
    expect(summary(proxyPlaybook(keepAll).handlersFor(inv, host('docker1')))).toEqual([['update trust store', 'command', '']])
  })

  it('a signed certificate becomes a file task before the vhosts; check mode stands in with a guarded command', () => {
    const issued = proxyTasks(inv, host('net1'), {...keepAll, issued: (h, d) => (h === 'net1' && d === 'kota.example' ? 'PEM' : undefined)})
    const cert = byName(issued, 'certificate kota.example')
    expect([cert.type, (cert.args as {path: string}).path, cert.notify]).toEqual(['file', '/etc/kotadc/tls/kota.example.crt', ['reload nginx']])
    expect(issued.indexOf(cert)).toBeLessThan(issued.findIndex((t) => t.name.startsWith('vhost ')))
    const pending = proxyTasks(inv, host('net1'), {...keepAll, pending: (_h, d) => (d === 'kota.example' ? 'issue: no certificate yet' : undefined)})
    const stand = byName(pending, 'certificate kota.example (issue: no certificate yet)')
    expect((stand.args as {unless: string}).unless).toBe('openssl x509 -checkend 2592000 -noout -in /etc/kotadc/tls/kota.example.crt')
  })
})

describe('firewall playbook', () => {
  it('stages the host ruleset, checked with nft -c, and never loads it', () => {
    const tasks = firewallTasks(inv, host('docker1'))
    expect(summary(tasks)).toEqual([
      ['nftables package', 'package', ''],
      ['ruleset directory /etc/kotadc/nftables', 'directory', ''],
      ['ruleset /etc/kotadc/nftables/kotadc.nft', 'file', ''],
    ])
    const change = plan(byName(tasks, 'ruleset /etc/kotadc/nftables/kotadc.nft'), absent)
    if (!change.changed) throw new Error('expected a change')
    const shown = change.steps.map(displayStep).join('\n')
    expect(shown).toContain('nft -c -f "$1"')
    expect(shown).not.toMatch(/nft -f (?!")/)
    expect([firewallPlaybook().targets, firewallPlaybook().handlersFor(inv, host('docker1'))]).toEqual([['all'], []])
  })

  it('the guard loads the staged ruleset', () => {
    const g = firewallApplyGuard('tok123abc', 30)
    expect(g.arm.kind === 'shell' ? g.arm.args : []).toEqual([
      '/run/kotadc/firewall/tok123abc.armed',
      '/run/kotadc/firewall/tok123abc.nft',
      '/etc/kotadc/nftables/kotadc.nft',
      '30',
    ])
  })
})
