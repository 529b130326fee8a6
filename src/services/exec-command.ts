import type {OpsErrorJson} from '../errors/ops-error.js'
import {isOpsError} from '../errors/ops-error.js'
import {isUnreachable} from '../errors/ssh-errors.js'
import type {Inventory} from '../inventory/model.js'
import type {Cmd} from '../tasks/cmd.js'
import {cmd, displayCmd, renderCmd, sudo} from '../tasks/cmd.js'
import {selectHosts} from '../playbooks/targets.js'
import type {RunPlaybookDeps} from './run-playbook.js'
import {defaultRunDeps} from './run-playbook.js'
import {sshTargetFor} from './ssh-targets.js'

export interface ExecOptions {
  /** Target expressions (host, role:, agency:, all). */
  targets: string[]
  argv: string[]
  sudo: boolean
  timeoutMs?: number
  forks?: number
  environ?: Record<string, string | undefined>
  confirm?: (question: string) => Promise<void>
  onHostDone?: (r: ExecHostResult) => void
}

export interface ExecHostResult {
  host: string
  status: 'ok' | 'failed' | 'unreachable'
  exitCode: number | null
  stdout: string
  stderr: string
  error?: OpsErrorJson
}

/** The `--json` contract of `kotadc exec`. */
export interface ExecResult {
  command: string
  hosts: ExecHostResult[]
  summary: {ok: number; failed: number; unreachable: number}
}

/** `kotadc exec`: one command (argv, quoted once) on every selected host, one connection each, in parallel. */
export async function execCommand(inv: Inventory, opts: ExecOptions, deps: Pick<RunPlaybookDeps, 'connect'> = defaultRunDeps()): Promise<ExecResult> {
  const hosts = selectHosts(inv, opts.targets, [])
  const [first, ...rest] = opts.argv
  if (first === undefined) throw new Error('execCommand needs a command')
  const c: Cmd = opts.sudo ? sudo(cmd(first, ...rest)) : cmd(first, ...rest)
  await opts.confirm?.(`run \`${displayCmd(c)}\` on ${hosts.length} host${hosts.length === 1 ? '' : 's'} (${hosts.map((h) => h.name).join(', ')})?`)
  const one = async (name: string): Promise<ExecHostResult> => {
    let result: ExecHostResult
    try {
      const shell = await deps.connect(sshTargetFor(inv, name, opts.environ ?? {}))
      try {
        const r = await shell.run(renderCmd(c), opts.timeoutMs === undefined ? {} : {timeoutMs: opts.timeoutMs})
        result = {host: name, status: r.exitCode === 0 ? 'ok' : 'failed', exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr}
      } finally {
        await shell.close().catch(() => undefined)
      }
    } catch (e) {
      if (!isOpsError(e)) throw e
      result = {host: name, status: isUnreachable(e) ? 'unreachable' : 'failed', exitCode: null, stdout: '', stderr: '', error: e.toJSON()}
    }
    opts.onHostDone?.(result)
    return result
  }
  const names = hosts.map((h) => h.name)
  const out: ExecHostResult[] = []
  const forks = Math.max(1, opts.forks ?? names.length)
  for (let i = 0; i < names.length; i += forks) out.push(...(await Promise.all(names.slice(i, i + forks).map(one))))
  return {
    command: displayCmd(c),
    hosts: out,
    summary: {
      ok: out.filter((h) => h.status === 'ok').length,
      failed: out.filter((h) => h.status === 'failed').length,
      unreachable: out.filter((h) => h.status === 'unreachable').length,
    },
  }
}
