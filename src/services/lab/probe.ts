import {connect} from 'node:net'

/** The SSH banner (`SSH-2.0-...`) of address:port, or undefined when nothing answers within `timeoutMs`. */
export function sshBanner(address: string, port: number, timeoutMs = 2000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({host: address, port})
    let data = ''
    const done = (v: string | undefined) => {
      socket.destroy()
      resolve(v)
    }
    socket.setTimeout(timeoutMs, () => done(undefined))
    socket.on('error', () => done(undefined))
    socket.on('data', (d) => {
      data += d.toString('latin1')
      const line = data.split('\r\n')[0] ?? ''
      if (data.includes('\n')) done(line.startsWith('SSH-') ? line.trim() : undefined)
    })
    socket.on('end', () => done(undefined))
  })
}

/**
 * Poll until sshd answers with a banner or `deadlineMs` passes. Each attempt may take the time that is left (at least
 * 2 s): on a busy machine a banner can take longer than any fixed probe, and a slow sshd is not a dead one.
 */
export async function waitForSsh(address: string, port: number, deadlineMs: number): Promise<string | undefined> {
  const until = Date.now() + deadlineMs
  for (;;) {
    const banner = await sshBanner(address, port, Math.max(2000, until - Date.now()))
    if (banner !== undefined || Date.now() >= until) return banner
    await new Promise((r) => setTimeout(r, 250))
  }
}
