import {describe, expect, it} from 'vitest'
import {containerEnv, containerHealthcheck, imageConstructId} from '../../../stacks/docker-container.js'
import {secretVariableEnvName, secretVariableName} from '../../../stacks/secret-variables.js'
import {dockerInventory} from './docker-inventory.js'
import type {ContainerWorkload} from '../../../src/inventory/model.js'

const simpus = dockerInventory().workloads.find((w) => w.name === 'simpus') as ContainerWorkload

describe('container building blocks', () => {
  it('sorts env and lets a secret replace a plain entry of the same name', () => {
    expect(containerEnv({...simpus, env: {Z: '1', SIMPUS_DB_PASSWORD: 'plain', A: '2'}})).toEqual([
      'A=2',
      'SIMPUS_DB_PASSWORD=${var.secret_SIMPUS_DB_PASSWORD}',
      'Z=1',
    ])
  })

  it.each([
    [
      ['curl', '-f', 'x'],
      ['CMD', 'curl', '-f', 'x'],
    ],
    [
      ['CMD', 'true'],
      ['CMD', 'true'],
    ],
    [
      ['CMD-SHELL', 'true || false'],
      ['CMD-SHELL', 'true || false'],
    ],
    [['NONE'], ['NONE']],
  ])('healthcheck %j → %j', (command, test) => {
    expect(containerHealthcheck({command}).test).toEqual(test)
  })

  it('names variables and ids safely', () => {
    expect(secretVariableName('DB_PW')).toBe('secret_DB_PW')
    expect(secretVariableEnvName('DB_PW')).toBe('TF_VAR_secret_DB_PW')
    expect(imageConstructId('registry.internal:5000/a/b@sha256:abc')).toBe('image-registry-internal-5000-a-b-sha256-abc')
  })
})
