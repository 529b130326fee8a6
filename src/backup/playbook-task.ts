// Shared by the source and the repository-host halves of the built-in backup playbook.
import type {Secret} from '../inventory/secret.js'
import {parseTaskArgs} from '../tasks/registry.js'
import {playbookErrors} from '../errors/playbook.js'
import type {PlaybookTask} from '../playbooks/model.js'

export const BACKUP_PLAYBOOK = 'backup'
export const RELOAD_UNITS = 'reload backup timers'

/**
 * What the backup playbook needs beyond the inventory. Keys cross hosts: each source host makes its own key pair,
 * and the backup hosts must authorize the public halves. The service runs the sources first, gathers
 * backupPublicKeyFact from them (and sshHostKeyFact from the backup hosts), then plans the backup hosts.
 */
export interface BackupPlaybookInput {
  secret(name: string): Secret | undefined
  /** Source host → its backup public key (`ssh-ed25519 AAAA…`); a source not in it is not authorized yet. */
  sourceKeys: ReadonlyMap<string, string>
  /** Backup host → its ssh host key, pinned in the sources' known_hosts; without it ssh trusts the first key it sees. */
  backupHostKeys?: ReadonlyMap<string, string>
}

export function task(name: string, type: string, raw: Record<string, unknown>, tags: string[], notify: string[] = []): PlaybookTask {
  const parsed = parseTaskArgs(type, raw)
  if (!parsed.ok) throw playbookErrors.builtinInvalid(BACKUP_PLAYBOOK, `${name}: ${parsed.issues.map((i) => i.message).join('; ')}`)
  return {name, type: parsed.value.type, task: parsed.value.task, args: parsed.value.args, tags, notify}
}

export const root = {owner: 'root', group: 'root'}

/** The handler every backup host and source shares: reload systemd units when a script, unit or timer changed. */
export const RELOAD_HANDLER = (): PlaybookTask =>
  task(
    RELOAD_UNITS,
    'command',
    {
      shell: 'test ! -d /run/systemd/system || { systemctl daemon-reload && systemctl try-restart "kotadc-backup-*.timer" "kotadc-verify-*.timer"; }',
      sudo: true,
    },
    [],
  )
