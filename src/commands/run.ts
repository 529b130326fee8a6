import {Args} from '@oclif/core'
import {confirmer} from '../cli/confirm.js'
import {connectPacing, runFlags, splitList} from '../cli/flags.js'
import {OpsCommand} from '../cli/ops-command.js'
import {createProgress, progressMode} from '../cli/progress.js'
import {renderIssues} from '../cli/render/error.js'
import {renderRunResult} from '../cli/render/run-summary.js'
import {PlaybookInvalidError} from '../errors/playbook.js'
import {RUNNABLE_BUILTINS} from '../services/builtin-playbooks.js'
import {openInventory} from '../services/inventory-open.js'
import {runExitCode, runPlaybook, type RunPlaybookResult} from '../services/run-playbook.js'
import {reaching} from '../cli/reach.js'

export default class Run extends OpsCommand<RunPlaybookResult> {
  static override description = reaching(
    'hosts',
    `run a playbook (built-in ${RUNNABLE_BUILTINS.join(' or ')}, or inventory/playbooks/<name>.yaml) on its target hosts`,
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %> base --check --diff',
    '<%= config.bin %> <%= command.id %> base --limit role:docker --tags sshd --yes',
    '<%= config.bin %> <%= command.id %> motd --env lab --serial 2 --max-fail-percent 25 --yes --json',
  ]

  static override args = {
    playbook: Args.string({description: 'built-in playbook name, user playbook name or path to a YAML playbook', required: true}),
  }
  static override flags = runFlags

  async run(): Promise<RunPlaybookResult> {
    const {args, flags} = await this.parse(Run)
    this.setupOutput(flags)
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    const progress = createProgress(progressMode(this.jsonEnabled(), process.stderr.isTTY === true), (line) => this.note(line))
    let result: RunPlaybookResult
    try {
      result = await runPlaybook(inventory, {
        playbook: args.playbook,
        check: flags.check,
        diff: flags.diff,
        limit: splitList(flags.limit),
        tags: splitList(flags.tags),
        skipTags: splitList(flags['skip-tags']),
        ...(flags.forks ? {forks: flags.forks} : {}),
        ...(flags.serial ? {serial: flags.serial} : {}),
        maxFailPercent: flags['max-fail-percent'],
        retries: flags.retries,
        ...connectPacing(flags),
        taskTimeoutMs: flags.timeout * 1000,
        environ: process.env,
        command: this.commandLine(),
        onEvent: (e) => progress.onEvent(e),
        confirm: confirmer(`kotadc run ${args.playbook}`, flags.yes, `kotadc run ${args.playbook} --check`),
      })
    } finally {
      await progress.done()
    }
    if (!this.jsonEnabled()) this.out(renderRunResult(result, this.paint, this.verbose))
    process.exitCode = runExitCode(result)
    return result
  }

  protected override async catch(err: Error & {oclif?: {exit?: number}}): Promise<unknown> {
    // Every problem of the playbook file is listed, not just the first one.
    if (err instanceof PlaybookInvalidError && err.issues.length > 1 && !this.jsonEnabled())
      process.stderr.write(renderIssues(err.issues, this.paint) + '\n')
    return super.catch(err)
  }
}
