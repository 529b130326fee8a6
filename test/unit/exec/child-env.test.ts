import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {childEnv, type ChildKind} from '../../../src/exec/child-env.js'
import {runLocal} from '../../../src/exec/local.js'

const PLANTED = {
  KOTADC_SECRET_SIMPUS_DB_PASSWORD: 'planted-secret-value-1',
  TF_VAR_secret_SEKOLAH_API_KEY: 'planted-other-stack-value-2',
  PG_CONN_STR: 'postgres://kotadc:planted-pg-password-3@db/state',
  AWS_SECRET_ACCESS_KEY: 'planted-unrelated-4',
}

/** The environment a real child started through runLocal sees, as `env` prints it. */
async function envOfChild(kind: ChildKind, env?: Record<string, string>): Promise<Record<string, string>> {
  const r = await runLocal(['sh', '-c', 'env'], {kind, ...(env ? {env} : {})})
  expect(r.exitCode).toBe(0)
  return Object.fromEntries(
    r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  )
}

describe('child processes get an allow-listed environment, not every secret', () => {
  beforeAll(() => Object.assign(process.env, PLANTED, {TF_LOG: 'WARN'}))
  afterAll(() => {
    for (const k of [...Object.keys(PLANTED), 'TF_LOG']) delete process.env[k]
  })

  it('a secret in kotadc environment (KOTADC_SECRET_*, another stack TF_VAR_, PG_CONN_STR) reaches no child of any kind', async () => {
    for (const kind of ['terraform', 'ssh', 'git', 'openssl', 'docker', 'lab-script', 'tool'] as const) {
      const seen = await envOfChild(kind)
      const text = JSON.stringify(seen)
      for (const value of Object.values(PLANTED)) expect(text, kind).not.toContain(value)
      expect(
        Object.keys(seen).filter((k) => k.startsWith('KOTADC_SECRET_') || k.startsWith('TF_VAR_')),
        kind,
      ).toEqual([])
      expect(seen.PATH, kind).toBe(process.env.PATH)
    }
  })

  it('terraform keeps its TF_ settings and gets exactly the TF_VAR_s its caller passes for its stack', async () => {
    const seen = await envOfChild('terraform', {TF_VAR_secret_SIMPUS_DB_PASSWORD: 'own-stack-value'})
    expect(seen.TF_LOG).toBe('WARN')
    expect(Object.entries(seen).filter(([k]) => k.startsWith('TF_VAR_'))).toEqual([['TF_VAR_secret_SIMPUS_DB_PASSWORD', 'own-stack-value']])
  })

  it('allow-lists by kind: docker settings reach docker, not openssl', () => {
    const base = {PATH: '/bin', DOCKER_HOST: 'unix:///x', OPENSSL_CONF: '/etc/o.cnf', KOTADC_LAB_MIRROR: 'http://m'}
    expect(childEnv('docker', base)).toEqual({PATH: '/bin', DOCKER_HOST: 'unix:///x'})
    expect(childEnv('openssl', base)).toEqual({PATH: '/bin', OPENSSL_CONF: '/etc/o.cnf'})
    expect(childEnv('lab-script', base)).toEqual({PATH: '/bin', DOCKER_HOST: 'unix:///x', KOTADC_LAB_MIRROR: 'http://m'})
  })
})
