import {describe, expect, it} from 'vitest'
import {renderBackupVerify} from '../../../../src/cli/render/backup-verify.js'
import {plain} from '../../../../src/cli/style.js'
import type {BackupVerifyResult} from '../../../../src/services/backup/verify.js'

const result = (readDataSubset: string): BackupVerifyResult => ({
  site: 'dc1',
  readDataSubset,
  repositories: [{host: 'docker1', repository: 'sftp:kotadc-bk-docker1@10.10.0.41:/repo', ok: true, problems: []}],
  failures: [],
  exitCode: 0,
})

describe('renderBackupVerify', () => {
  it('a sample says what share it read and that packs outside it were not seen', () => {
    const text = renderBackupVerify(result('5%'), plain)
    expect(text).toContain('1 repositories checked, 5% of the data read back')
    expect(text).toContain('only 5% of the pack files were read back: a damaged pack outside that share is not seen')
  })

  it('a full read makes no such caveat', () => {
    expect(renderBackupVerify(result('100%'), plain)).not.toContain('only')
  })
})
