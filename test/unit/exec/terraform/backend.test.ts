import {describe, expect, it} from 'vitest'
import {backendBlock, backendEnv, pgSchemaName, redactConnString, resolveConnString} from '../../../../src/exec/terraform/backend.js'
import {renderCliConfig} from '../../../../src/exec/terraform/cli-config.js'

const ctx = {stack: 'docker-docker1', stackDir: '/p/.kotadc/stacks/docker-docker1', projectRoot: '/p'}

describe('backend configuration', () => {
  it('keeps local state under .kotadc/state by default, as a path relative to the stack', () => {
    expect(backendBlock({type: 'local'}, ctx)).toEqual({terraform: {backend: {local: {path: '../../state/docker-docker1.tfstate'}}}})
    expect(backendBlock({type: 'local', path: 'var/tfstate'}, ctx)).toEqual({
      terraform: {backend: {local: {path: '../../../var/tfstate/docker-docker1.tfstate'}}},
    })
  })

  it('gives each stack its own pg schema and no connection string in the file', () => {
    expect(backendBlock({type: 'pg', connString: 'env:KOTADC_TF_PG'}, ctx)).toEqual({
      terraform: {backend: {pg: {schema_name: 'kotadc_docker_docker1'}}},
    })
    expect(pgSchemaName({schemaName: 'tf'}, 'docker-a')).toBe('tf_docker_a')
  })

  it('resolves env: references and passes the result as PG_CONN_STR', () => {
    expect(resolveConnString('env:X', {X: 'postgres://a@b/c'})).toBe('postgres://a@b/c')
    expect(resolveConnString('postgres://lit@b/c', {})).toBe('postgres://lit@b/c')
    expect(backendEnv({type: 'pg', connString: 'env:X'}, {X: 'pg://x'})).toEqual({PG_CONN_STR: 'pg://x'})
    expect(backendEnv({type: 'local'}, {})).toEqual({})
    expect(() => resolveConnString('env:KOTADC_TF_PG', {})).toThrow(
      expect.objectContaining({code: 'TF_PG_CONN_MISSING', hint: expect.stringContaining('export KOTADC_TF_PG=')}),
    )
  })

  it('redacts passwords from connection strings in both forms', () => {
    expect(redactConnString('postgres://kotadc:s3cret@db:5432/tf?sslmode=require')).toBe('postgres://kotadc@db:5432/tf?sslmode=require')
    expect(redactConnString("host=db user=k password='a b' dbname=tf")).toBe('host=db user=k password=*** dbname=tf')
    expect(redactConnString('host=db password=xyz')).toBe('host=db password=***')
  })

  it('writes a CLI config that installs providers only from the mirror', () => {
    expect(renderCliConfig('/srv/terraform-mirror')).toBe(
      'provider_installation {\n  filesystem_mirror {\n    path = "/srv/terraform-mirror"\n  }\n}\n',
    )
    expect(renderCliConfig('/odd/${x}/"q"')).toContain('path = "/odd/$${x}/\\"q\\""')
  })
})
