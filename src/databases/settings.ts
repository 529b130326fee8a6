import {quoteConfValue} from './sql-quote.js'

/** The file in the cluster's conf.d that holds kotadc's settings (Debian's postgresql.conf includes conf.d). */
export const SETTINGS_FILE = 'conf.d/kotadc.conf'

/** Settings that take effect only when the server restarts; every other one a reload applies. */
const RESTART_SETTINGS = new Set(['listen_addresses', 'port', 'max_connections', 'shared_buffers'])

export type Settings = Record<string, string>

export const desiredSettings = (listen: readonly string[]): Settings => ({
  listen_addresses: listen.join(','),
  password_encryption: 'scram-sha-256',
})

export function renderSettings(s: Settings): string {
  const lines = Object.entries(s).map(([k, v]) => `${k} = ${quoteConfValue(v)}`)
  return `# Written by kotadc deploy (phase databases) from the inventory; edits here are replaced.\n${lines.join('\n')}\n`
}

/** Settings in a file kotadc wrote (renderSettings' format); other lines are ignored. */
export function parseSettings(text: string): Settings {
  const out: Settings = {}
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+) = '((?:[^']|'')*)'$/.exec(line.trim())
    if (m) out[m[1] as string] = (m[2] as string).replaceAll("''", "'")
  }
  return out
}

export interface SettingsChange {
  changed: string[]
  /** What makes them take effect: nothing, a reload, or a restart (listen_addresses). */
  action: 'none' | 'reload' | 'restart'
}

export function planSettings(current: Settings, wanted: Settings): SettingsChange {
  const keys = new Set([...Object.keys(current), ...Object.keys(wanted)])
  const changed = [...keys].filter((k) => current[k] !== wanted[k]).sort()
  const action = changed.length === 0 ? 'none' : changed.some((k) => RESTART_SETTINGS.has(k)) ? 'restart' : 'reload'
  return {changed, action}
}
