import type {RunEvent} from '../exec/runner/types.js'

export type ProgressMode = 'tty' | 'failures' | 'plain' | 'silent'

export interface Progress {
  onEvent(e: RunEvent): void
  /** Waits until the display has drawn its last frame. */
  done(): Promise<void>
}

/**
 * listr2's per-host view on a terminal, plain lines when there is none (CI), nothing under --json. A command whose
 * result is a per-phase summary (deploy) asks for `failures` on a terminal instead: only what went wrong, as it happens.
 */
export const progressMode = (json: boolean, tty: boolean, summaryOnTty = false): ProgressMode =>
  json ? 'silent' : tty ? (summaryOnTty ? 'failures' : 'tty') : 'plain'

function failuresProgress(write: (line: string) => void): Progress {
  return {
    onEvent(e) {
      if (e.kind === 'host-done' && (e.status === 'failed' || e.status === 'unreachable')) write(`[${e.host}] ${e.status}`)
      else if (e.kind === 'task' && e.status === 'failed') write(`[${e.host}] failed  ${e.task}${e.summary ? `: ${e.summary.split('\n')[0]}` : ''}`)
    },
    done: async () => undefined,
  }
}

function plainProgress(write: (line: string) => void): Progress {
  return {
    onEvent(e) {
      if (e.kind === 'task' && e.status !== 'running')
        write(`[${e.host}] ${e.status.padEnd(7)} ${e.task}${e.summary ? `: ${e.summary.split('\n')[0]}` : ''}`)
      else if (e.kind === 'host' && e.phase === 'reconnecting') write(`[${e.host}] connection lost, reconnecting`)
      else if (e.kind === 'host-done') write(`[${e.host}] ${e.status}`)
    },
    done: async () => undefined,
  }
}

interface Slot {
  title: string
  task?: {title: string}
  finish?: (status: string) => void
  status?: string
}

function listrProgress(): Progress {
  const slots = new Map<string, Slot>()
  let running: Promise<unknown> | undefined
  const settle = (s: Slot): void => {
    if (s.status !== undefined && s.finish) s.finish(s.status)
  }
  const start = (hosts: string[]): void => {
    for (const h of hosts) slots.set(h, {title: `${h}: waiting`})
    // listr2 is loaded only for a terminal: CI and --json runs do not pay for it at start-up.
    running = import('listr2')
      .then(({Listr}) =>
        new Listr(
          hosts.map((h) => ({
            title: `${h}: waiting`,
            task: (_ctx, task) =>
              new Promise<void>((resolve, reject) => {
                const s = slots.get(h) as Slot
                s.task = task
                task.title = s.title
                s.finish = (status) => {
                  task.title = `${h}: ${status}`
                  if (status === 'failed' || status === 'unreachable') reject(new Error(`${h}: ${status}`))
                  else resolve()
                }
                settle(s)
              }),
          })),
          {concurrent: true, exitOnError: false, renderer: 'default', rendererOptions: {collapseErrors: true}},
        ).run(),
      )
      .catch(() => undefined)
  }
  const title = (host: string, text: string): void => {
    const s = slots.get(host)
    if (!s) return
    s.title = `${host}: ${text}`
    if (s.task) s.task.title = s.title
  }
  return {
    onEvent(e) {
      if (e.kind === 'start') start(e.hosts)
      else if (e.kind === 'host') title(e.host, e.phase)
      else if (e.kind === 'task') title(e.host, `${e.task}${e.status === 'running' ? '' : ` (${e.status})`}`)
      else {
        const s = slots.get(e.host)
        if (!s) return
        s.status = e.status
        settle(s)
      }
    },
    done: async () => {
      await running
    },
  }
}

export function createProgress(mode: ProgressMode, write: (line: string) => void): Progress {
  if (mode === 'silent') return {onEvent: () => undefined, done: async () => undefined}
  if (mode === 'failures') return failuresProgress(write)
  return mode === 'plain' ? plainProgress(write) : listrProgress()
}
