import {chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {runLocal, runLocalChecked} from '../../src/exec/local.js'
import {requireBinary} from './require.js'
import {freePort} from './free-port.js'

/** A throwaway PostgreSQL server on 127.0.0.1, for tests that need a real one (the terraform pg backend). */
export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres?sslmode=disable (trust auth, loopback only) */
  connString: string
  port: number
  stop(): Promise<void>
}

/** Debian keeps the server binaries out of PATH; look there too. */
function pgBinDir(): string | undefined {
  for (const dir of ['/usr/local/bin', '/usr/lib/postgresql/bin']) if (existsSync(join(dir, 'pg_ctl'))) return dir
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return undefined
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : join(base, versions[0], 'bin')
}

/** Whether the tests can start PostgreSQL here; skips locally, fails under CI (see requireBinary). */
export function requirePostgres(): {ok: boolean; reason?: string} {
  const dir = pgBinDir()
  if (dir) return {ok: true}
  return requireBinary('pg_ctl', 'initdb', 'postgres')
}

/** PostgreSQL refuses to run as root: as root, run its programs as the postgres user. */
const asPostgres = (argv: string[]): string[] => (process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...argv] : argv)

export async function startPostgres(): Promise<TestPostgres> {
  const bin = pgBinDir()
  if (!bin) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found')
  const dir = mkdtempSync(join(tmpdir(), 'kotadc-pg-'))
  const data = join(dir, 'data')
  if (process.getuid?.() === 0) {
    const ids = (await runLocalChecked(['id', '-u', 'postgres'])).stdout.trim()
    const gid = (await runLocalChecked(['id', '-g', 'postgres'])).stdout.trim()
    chownSync(dir, Number(ids), Number(gid))
  }
  chmodSync(dir, 0o700)
  await runLocalChecked(asPostgres([join(bin, 'initdb'), '-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']), {
    what: 'initdb',
    timeoutMs: 60_000,
  })
  const port = await freePort()
  // Loopback only, socket inside the temp dir, no fsync: a test server, not a durable one.
  const serverOpts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
  await runLocalChecked(asPostgres([join(bin, 'pg_ctl'), '-D', data, '-o', serverOpts, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']), {
    what: 'pg_ctl start',
    timeoutMs: 90_000,
  })
  return {
    connString: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    async stop() {
      await runLocal(asPostgres([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']), {timeoutMs: 60_000})
      rmSync(dir, {recursive: true, force: true})
    },
  }
}
