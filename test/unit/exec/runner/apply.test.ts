import {describe, it} from 'vitest'
import {applyChange} from '../../../../src/exec/runner/apply.js'
import {change} from '../../../../src/tasks/change.js'
import {cmd, sudo} from '../../../../src/tasks/cmd.js'
import {put, run} from '../../../../src/tasks/step.js'
import {FakeShell} from '../../../helpers/fake-shell.js'

const ok = {exitCode: 0, signal: null, stdout: '', stderr: ''}
const ctx = {host: 'h', task: 't', timeoutMs: 1000, mask: (s: string) => s}
const moveIntoPlace = change('write /etc/x', [run(sudo(cmd('mv', '/tmp/x', '/etc/x'))), run(sudo(cmd('chmod', '0644', '/etc/x')))])

describe('applyChange', () => {
  it('sends the run steps of a task as one script under a single sudo', async () => {
    const shell = new FakeShell('h')
    shell.expectRun("sudo -n sh -c 'mv /tmp/x /etc/x && chmod 0644 /etc/x'", ok)
    await applyChange(shell, moveIntoPlace, ctx)
    shell.done()
  })

  it('leaves sudo out when the login already is root', async () => {
    const shell = new FakeShell('h')
    shell.expectRun('mv /tmp/x /etc/x && chmod 0644 /etc/x', ok)
    await applyChange(shell, moveIntoPlace, {...ctx, asRoot: true})
    shell.done()
  })

  it('does not raise steps that run as the login user', async () => {
    const shell = new FakeShell('h')
    shell.expectRun('sudo -n mv /tmp/x /etc/x && touch /home/kotadc/done', ok)
    await applyChange(shell, change('mixed', [run(sudo(cmd('mv', '/tmp/x', '/etc/x'))), run(cmd('touch', '/home/kotadc/done'))]), ctx)
    shell.done()
  })
})

describe('applyChange with an upload', () => {
  it('writes a lone upload from the script stdin, privately, then moves it into place in the same round trip', async () => {
    const shell = new FakeShell('h')
    shell.expectRun(
      'sh -c \'umask 077 && cat > "$1" && chmod "$2" "$1"\' sh /tmp/.kotadc-tok-x 0600 && sudo -n sh -c \'mv /tmp/x /etc/x && chmod 0644 /etc/x\'',
      ok,
      {stdin: 'content\n'},
    )
    await applyChange(shell, change('write /etc/x', [put('/tmp/.kotadc-tok-x', 'content\n', '0600'), ...moveIntoPlace.steps]), ctx)
    shell.done()
  })
})
