import {Args, Flags} from '@oclif/core'
import {confirmer} from '../cli/confirm.js'
import {forksFlag, splitList, timeoutFlag, yesFlag} from '../cli/flags.js'
import {OpsCommand} from '../cli/ops-command.js'
import {renderExecResult} from '../cli/render/run-summary.js'
import {cliErrors} from '../errors/cli.js'
import {execCommand, type ExecResult} from '../services/exec-command.js'
import {openInventory} from '../services/inventory-open.js'
import {reaching} from '../cli/reach.js'

export default class Exec extends OpsCommand<ExecResult> {
  static override description = reaching(
    'hosts',
    'run one command on hosts over SSH (the words after -- are passed as argv, never through a local shell)',
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %> role:docker -- docker ps --format "{{.Names}}"',
    '<%= config.bin %> <%= command.id %> db1 --sudo --yes -- systemctl status postgresql',
  ]

  static override strict = false
  static override args = {target: Args.string({description: 'host, role:<role>, agency:<code> or all (comma-separated for several)', required: true})}
  static override flags = {
    sudo: Flags.boolean({summary: 'run the command as root through sudo -n', default: false, env: 'KOTADC_SUDO'}),
    forks: forksFlag,
    timeout: timeoutFlag,
    yes: yesFlag,
  }

  async run(): Promise<ExecResult> {
    const {args, argv, flags} = await this.parse(Exec)
    this.setupOutput(flags)
    // oclif sorts argv by first occurrence, which scrambles repeated words: the words after -- are taken as given.
    const dashdash = this.argv.indexOf('--')
    const command = dashdash >= 0 ? this.argv.slice(dashdash + 1) : (argv as string[]).slice(1)
    if (command.length === 0) throw cliErrors.execNoCommand()
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = await this.underSiteLock(inventory, () =>
      execCommand(inventory, {
        targets: splitList([args.target]),
        argv: command,
        sudo: flags.sudo,
        timeoutMs: flags.timeout * 1000,
        ...(flags.forks ? {forks: flags.forks} : {}),
        environ: process.env,
        confirm: confirmer('kotadc exec', flags.yes),
      }),
    )
    if (!this.jsonEnabled()) this.out(renderExecResult(result, this.paint))
    process.exitCode = result.summary.failed + result.summary.unreachable > 0 ? 3 : 0
    return result
  }
}
