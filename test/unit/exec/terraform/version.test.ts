import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {checkMinimumVersion, compareVersions, findOnPath, flavorOf, locateBinary, parseVersionJson} from '../../../../src/exec/terraform/version.js'

describe('terraform version and binary', () => {
  const bin = mkdtempSync(join(tmpdir(), 'kotadc-bin-'))
  afterAll(() => rmSync(bin, {recursive: true, force: true}))
  const exe = (name: string) => {
    writeFileSync(join(bin, name), '#!/bin/sh\n')
    chmodSync(join(bin, name), 0o755)
  }

  it('reads terraform and tofu version JSON', () => {
    expect(parseVersionJson('terraform', '{"terraform_version":"1.11.4","platform":"linux_amd64"}')).toBe('1.11.4')
    expect(parseVersionJson('tofu', '{"terraform_version":"1.8.0-rc1"}')).toBe('1.8.0-rc1')
    expect(() => parseVersionJson('terraform', 'Terraform v1.11.4')).toThrow(expect.objectContaining({code: 'TF_VERSION_UNREADABLE'}))
  })

  it('compares versions numerically', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBe(1)
    expect(compareVersions('1.5.0', '1.5')).toBe(0)
    expect(compareVersions('1.4.7', '1.5.0')).toBe(-1)
    expect(compareVersions('1.6.0-rc1', '1.6.0')).toBe(0)
  })

  it('refuses binaries older than the minimum', () => {
    expect(() => checkMinimumVersion('terraform', '1.11.4')).not.toThrow()
    expect(() => checkMinimumVersion('terraform', '1.4.7')).toThrow(
      expect.objectContaining({code: 'TF_BINARY_TOO_OLD', message: 'terraform 1.4.7 is older than the minimum kotadc supports (1.5.0)'}),
    )
    expect(() => checkMinimumVersion('tofu', '1.5.9')).toThrow(expect.objectContaining({code: 'TF_BINARY_TOO_OLD'}))
  })

  it('tells tofu from terraform by name', () => {
    expect(flavorOf('tofu')).toBe('tofu')
    expect(flavorOf('/opt/tofu/bin/tofu')).toBe('tofu')
    expect(flavorOf('/usr/local/bin/terraform')).toBe('terraform')
  })

  it('finds the configured binary on PATH, and names the other flavor when only that one is installed', () => {
    exe('tofu')
    expect(findOnPath('tofu', `/nonexistent:${bin}`)).toBe(join(bin, 'tofu'))
    expect(locateBinary('tofu', bin)).toBe(join(bin, 'tofu'))
    expect(() => locateBinary('terraform', bin)).toThrow(
      expect.objectContaining({code: 'TF_BINARY_NOT_FOUND', hint: expect.stringContaining('set terraform.binary: tofu')}),
    )
    expect(() => locateBinary('terraform', '/nonexistent')).toThrow(expect.objectContaining({code: 'TF_BINARY_NOT_FOUND'}))
    expect(findOnPath(join(bin, 'tofu'), undefined)).toBe(join(bin, 'tofu'))
  })
})
