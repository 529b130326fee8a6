import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {backupPublicKeyFact, publicKeyBody} from '../../../src/backup/keys.js'
import {authorizedKeyLine} from '../../../src/backup/repository-host.js'
import {backupAccount} from '../../../src/backup/conventions.js'
import {planBackups} from '../../../src/backup/plan.js'
import {backupScript, scriptInputFor} from '../../../src/backup/script.js'
import {OpsError} from '../../../src/errors/ops-error.js'
import type {Host, Inventory} from '../../../src/inventory/model.js'
import {Secret} from '../../../src/inventory/secret.js'
import type {BackupPlaybookInput} from '../../../src/backup/playbook.js'
import {backupPlaybook, backupTasks, missingSourceKeys} from '../../../src/backup/playbook.js'
import type {PlaybookTask} from '../../../src/playbooks/model.js'
import {renderTemplate} from '../../../src/tasks/template-render.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG0e1y9cOJ9bKxvTn7m3Hc0WZq3m8wD3FZs1n5cVbq4X'
const HOST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyOfBackup1xxxxxxxxxxxxxxxxxxxxxxxxx'
const secrets =
  (names: string[]): BackupPlaybookInput['secret'] =>
  (n) =>
    names.includes(n) ? new Secret(n, `pw-of-${n}`) : undefined
const input = (over: Partial<BackupPlaybookInput> = {}): BackupPlaybookInput => ({
  secret: secrets(['RESTIC_PASSWORD_DOCKER1', 'RESTIC_PASSWORD_DB1']),
  sourceKeys: new Map([['docker1', KEY]]),
  ...over,
})
const hostOf = (inv: Inventory, name: string): Host => inv.hosts.find((h) => h.name === name) as Host
const tasksOf = (inv: Inventory, host: string, over: Partial<BackupPlaybookInput> = {}): PlaybookTask[] =>
  backupTasks(inv, hostOf(inv, host), input(over))
const byName = (tasks: PlaybookTask[], name: string): PlaybookTask => {
  const t = tasks.find((x) => x.name === name)
  if (!t) throw new Error(`no task ${name} in ${tasks.map((x) => x.name).join(', ')}`)
  return t
}
const args = (t: PlaybookTask): Record<string, unknown> => t.args as Record<string, unknown>
const thrown = (f: () => unknown): OpsError => {
  try {
    f()
  } catch (e) {
    if (e instanceof OpsError) return e
    throw e
  }
  throw new Error('did not throw')
}

describe('backup playbook: source host', () => {
  it('installs restic, makes its key once, writes the password, the script and the schedule', () => {
    const tasks = tasksOf(smallInventory(), 'docker1')
    expect(tasks.map((t) => `${t.type} ${t.name}`)).toEqual([
      'package backup: packages',
      'directory backup: /root/.ssh',
      'command backup: key pair',
      'directory backup: /etc/kotadc/restic',
      'file backup: repository password',
      'file backup standard: script',
      'template backup standard: kotadc-backup-standard.service',
      'template backup standard: kotadc-backup-standard.timer',
      'template backup standard: cron fallback',
      'command backup standard: enable timer',
      'file backup standard read-back check: script',
      'template backup standard read-back check: kotadc-verify-standard.service',
      'template backup standard read-back check: kotadc-verify-standard.timer',
      'template backup standard read-back check: cron fallback',
      'command backup standard read-back check: enable timer',
    ])
    expect(args(byName(tasks, 'backup: key pair'))).toMatchObject({creates: '/root/.ssh/kotadc-backup_ed25519', sudo: true})
    expect(args(byName(tasks, 'backup: packages')).names).toContain('restic')
  })

  it('writes the password from the host secret, 0600 root, and never as plain text', () => {
    const pw = args(byName(tasksOf(smallInventory(), 'docker1'), 'backup: repository password'))
    expect(pw).toMatchObject({path: '/etc/kotadc/restic/password', owner: 'root', group: 'root', mode: '0600'})
    expect(pw.content).toBeInstanceOf(Secret)
    expect((pw.content as Secret).reveal()).toBe('pw-of-RESTIC_PASSWORD_DOCKER1')
    expect(JSON.stringify(pw)).not.toContain('pw-of')
  })

  it('fails with BACKUP_PASSWORD_MISSING naming the secret and its env variable', () => {
    const e = thrown(() => tasksOf(smallInventory(), 'docker1', {secret: secrets([])}))
    expect(e.code).toBe('BACKUP_PASSWORD_MISSING')
    expect(e.message).toContain('RESTIC_PASSWORD_DOCKER1')
    expect(e.hint).toContain('KOTADC_SECRET_RESTIC_PASSWORD_DOCKER1')
  })

  it('writes the generated script of the policy, executable by root', () => {
    const inv = smallInventory()
    const script = args(byName(tasksOf(inv, 'docker1'), 'backup standard: script'))
    const run = planBackups(inv).hosts.find((h) => h.host === 'docker1')?.runs[0]
    if (!run) throw new Error('no run')
    expect(script).toMatchObject({
      path: '/usr/local/sbin/kotadc-backup-standard',
      mode: '0755',
      content: backupScript(scriptInputFor('docker1', run)),
    })
  })

  it('pins the backup host key in known_hosts when it was gathered', () => {
    expect(tasksOf(smallInventory(), 'docker1').some((t) => t.name === 'backup: backup host keys')).toBe(false)
    const kh = args(byName(tasksOf(smallInventory(), 'docker1', {backupHostKeys: new Map([['backup1', HOST_KEY]])}), 'backup: backup host keys'))
    expect(kh).toMatchObject({path: '/root/.ssh/kotadc-backup_known_hosts', content: `10.10.0.41 ${HOST_KEY}\n`})
  })

  it('renders the systemd units and the cron fallback from templates/backup', () => {
    const templates = path.join(import.meta.dirname, '../../../templates')
    const lookup = (n: string) => readFileSync(path.join(templates, n), 'utf8')
    const tasks = tasksOf(smallInventory(), 'docker1')
    const render = (name: string) => {
      const a = args(byName(tasks, name)) as {src: string; vars: Record<string, unknown>}
      return renderTemplate(a.src, lookup, {...a.vars, host: {}, site: {}}) as string
    }
    expect(render('backup standard: kotadc-backup-standard.timer')).toMatch(/^OnCalendar=\*-\*-\* 01:30:00$/m)
    expect(render('backup standard: kotadc-backup-standard.service')).toContain('\nExecStart=/usr/local/sbin/kotadc-backup-standard\n')
    expect(render('backup standard: cron fallback')).toMatch(
      /^30 1 \* \* \* root \[ -d \/run\/systemd\/system \] \|\| \/usr\/local\/sbin\/kotadc-backup-standard$/m,
    )
    // The weekly read-back check: Sunday midday, by timer or by cron.
    expect(render('backup standard read-back check: kotadc-verify-standard.timer')).toMatch(/^OnCalendar=Sun \*-\*-\* 12:00:00$/m)
    expect(render('backup standard read-back check: kotadc-verify-standard.service')).toContain(
      '\nExecStart=/usr/local/sbin/kotadc-verify-standard\n',
    )
    expect(render('backup standard read-back check: cron fallback')).toMatch(
      /^0 12 \* \* 0 root \[ -d \/run\/systemd\/system \] \|\| \/usr\/local\/sbin\/kotadc-verify-standard$/m,
    )
  })

  it.each([
    ['*-*-* 01:30:00\nExecStartPre=/bin/evil', 'BACKUP_SCHEDULE_INVALID'],
    ['*-*-* 01:30:00 Europe/Berlin', 'BACKUP_SCHEDULE_NO_CRON'],
  ])('refuses schedule %j with %s at the policy location', (schedule, code) => {
    const inv = smallInventory()
    inv.backupPolicies = inv.backupPolicies.map((p) => ({...p, schedule}))
    const e = thrown(() => tasksOf(inv, 'docker1'))
    expect(e.code).toBe(code)
    expect(e.location).toEqual({file: 'inventory/site.yaml', line: 20, col: 5})
  })
})

describe('backup playbook: backup host', () => {
  it('gives each source its own jailed SFTP account with a root-owned key file, a sealed repository and no shared account', () => {
    const tasks = tasksOf(smallInventory(), 'backup1')
    const perSource = (s: string) => [
      `user backup host: account kotadc-bk-${s}`,
      `directory backup host: chroot of ${s}`,
      `command backup host: keep the history of ${s}`,
      `command backup host: repository of ${s}`,
      `file backup host: key of ${s}`,
    ]
    expect(tasks.map((t) => `${t.type} ${t.name}`)).toEqual([
      'package backup host: packages',
      'directory backup host: /srv/restic',
      'directory backup host: /etc/ssh/kotadc-backup-keys',
      ...perSource('db1'),
      ...perSource('docker1'),
      'file backup host: seal script',
      'file backup host: seal service',
      'file backup host: seal timer',
      'file backup host: seal cron fallback',
      'command backup host: enable seal timer',
      'file backup host: sshd accounts',
      'command backup host: sshd configuration is valid',
      'command backup host: remove account kotadc-backup',
    ])
    expect(args(byName(tasks, 'backup host: account kotadc-bk-docker1'))).toMatchObject({system: true, shell: '/usr/sbin/nologin'})
    expect(args(byName(tasks, 'backup host: chroot of docker1'))).toMatchObject({path: '/srv/restic/docker1', owner: 'root', mode: '0755'})
    // The account can read its key file but never write it: the file and its directory belong to root.
    expect(args(byName(tasks, 'backup host: key of docker1'))).toMatchObject({
      path: '/etc/ssh/kotadc-backup-keys/kotadc-bk-docker1',
      owner: 'root',
      mode: '0644',
      content: `restrict ${KEY} kotadc-backup@docker1\n`,
    })
    // db1's key was not gathered: its file is emptied, so no stale key keeps working.
    expect(args(byName(tasks, 'backup host: key of db1'))).toMatchObject({content: ''})
    const sshd = String(args(byName(tasks, 'backup host: sshd accounts')).content)
    expect(sshd).toContain('Match User kotadc-bk-docker1\n  AuthorizedKeysFile /etc/ssh/kotadc-backup-keys/%u\n')
    expect(sshd).toContain(
      '  ChrootDirectory /srv/restic/docker1\n  ForceCommand internal-sftp -d /repo -u 0227 -P posix-rename,rmdir,setstat,lsetstat,symlink,hardlink\n',
    )
    expect(sshd.trimEnd().split('\n').at(-1)).toBe('Match all')
    expect(String(args(byName(tasks, 'backup host: seal script')).content)).toContain('seal /srv/restic/docker1/repo kotadc-bk-docker1\n')
    expect(missingSourceKeys(planBackups(smallInventory()), new Map([['docker1', KEY]]))).toEqual(['db1'])
  })

  it("names accounts within useradd's 32 characters, distinct for long host names", () => {
    const a = backupAccount('a-very-long-host-name-in-the-dc-01')
    const b = backupAccount('a-very-long-host-name-in-the-dc-02')
    expect(a.length).toBeLessThanOrEqual(32)
    expect(a).not.toBe(b)
    expect(backupAccount('db1')).toBe('kotadc-bk-db1')
  })

  it('gives a host that is both source and backup host both task sets', () => {
    const inv = smallInventory()
    inv.backupPolicies = inv.backupPolicies.map((p) => ({...p, repository: 'db1'}))
    const names = tasksOf(inv, 'db1').map((t) => t.name)
    expect(names).toContain('backup: repository password')
    expect(names).toContain('backup host: repository of db1')
  })

  it('targets every source and backup host, and has the unit reload handler', () => {
    const inv = smallInventory()
    const pb = backupPlaybook(inv, input())
    expect(pb.targets).toEqual(['backup1', 'db1', 'docker1'])
    expect(pb.tasksFor(inv, hostOf(inv, 'hv1'))).toEqual([])
    expect(pb.handlersFor(inv, hostOf(inv, 'docker1')).map((h) => h.name)).toEqual(['reload backup timers', 'reload sshd'])
  })
})

describe('backup keys', () => {
  it('keeps only the type and key of a public key line', () => {
    expect(publicKeyBody(`${KEY} root@docker1\n`)).toBe(KEY)
    expect(authorizedKeyLine('db1', KEY)).toBe(`restrict ${KEY} kotadc-backup@db1`)
  })

  it.each([[`command="/bin/sh" ${KEY}`], [`${KEY}\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOther root@x`], ['ssh-dss AAAAB3NzaC1kc3MAAACBAP'], ['']])(
    'rejects %j',
    (line) => {
      expect(publicKeyBody(line)).toBeUndefined()
    },
  )

  it('the key fact reads the first line of the .pub file as root, and nothing when it is absent', () => {
    const fact = backupPublicKeyFact()
    expect(fact.command.sudo).toBe(true)
    expect(fact.parse(`${KEY} kotadc-backup@docker1\n`, 0)).toBe(KEY)
    expect(fact.parse('', 0)).toBeUndefined()
  })
})
