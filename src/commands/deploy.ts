import {Flags} from '@oclif/core'
import {confirmer} from '../cli/confirm.js'
import {connectFlags, connectPacing, destroyVolumesFlag, limitFlag, phaseFlag, restartVmsFlag, splitList, yesFlag} from '../cli/flags.js'
import {OpsCommand} from '../cli/ops-command.js'
import {createProgress, progressMode} from '../cli/progress.js'
import {renderDeploy} from '../cli/render/deploy.js'
import {defaultSiteDeps} from '../services/deploy/context.js'
import {PHASE_LIST} from '../services/deploy/phases.js'
import {defaultGit, deployLockAndAudit, deploySite, type DeployResult} from '../services/deploy.js'
import {openInventory} from '../services/inventory-open.js'
import {deploySavedPlan, openSavedPlan} from '../services/saved-plan/apply.js'
import type {RunEvent} from '../exec/runner/types.js'
import {reaching} from '../cli/reach.js'

export default class Deploy extends OpsCommand<DeployResult> {
  static override description = reaching('hosts', `apply the inventory phase by phase (${PHASE_LIST}), under the site lock, with an audit record`)
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --env lab --phase base --phase docker-hosts --yes',
    '<%= config.bin %> <%= command.id %> --phase containers --limit agency:dinkes --yes --json',
    '<%= config.bin %> <%= command.id %> --plan plan.age --json',
  ]

  static override flags = {
    limit: limitFlag,
    phase: phaseFlag,
    plan: Flags.string({
      summary:
        'apply exactly the plan `kotadc plan --out` saved, refusing if anything it was planned from changed; without a terminal it needs no --yes (the plan was reviewed)',
      helpValue: 'FILE',
      // The saved plan fixes the phases and hosts: the ones it was reviewed for.
      exclusive: ['limit', 'phase'],
      env: 'KOTADC_DEPLOY_PLAN',
    }),
    'lock-wait': Flags.integer({
      summary: 'seconds to wait for the site lock while another command holds it (pg backend)',
      min: 0,
      default: 60,
      env: 'KOTADC_LOCK_WAIT',
    }),
    'restart-vms': restartVmsFlag,
    'destroy-volumes': destroyVolumesFlag,
    ...connectFlags,
    yes: yesFlag,
  }

  async run(): Promise<DeployResult> {
    const {flags} = await this.parse(Deploy)
    this.setupOutput(flags)
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    // On a terminal the summary says what happened per phase; progress shows only failures (all of it with --verbose).
    const progress = createProgress(progressMode(this.jsonEnabled(), process.stderr.isTTY === true && !this.verbose, true), (line) => this.note(line))
    const cwd = process.cwd()
    const command = this.commandLine()
    const opts = {
      limit: splitList(flags.limit),
      phases: flags.phase ?? [],
      environ: process.env,
      cwd,
      command,
      lockWaitMs: flags['lock-wait'] * 1000,
      restartVms: flags['restart-vms'],
      destroyVolumes: flags['destroy-volumes'],
      connect: connectPacing(flags),
    }
    const site = defaultSiteDeps(inventory, {
      environ: process.env,
      cwd,
      tty: false,
      ...(this.verbose && !this.jsonEnabled() ? {onOutput: (c: string) => process.stderr.write(c)} : {}),
    })
    const saved = flags.plan ? await openSavedPlan(inventory, flags.plan, {cwd, environ: process.env}) : undefined
    // A saved plan is the reviewed approval: CI applies it without --yes; a person at a terminal is still asked.
    const approved = flags.yes || (saved !== undefined && !process.stdin.isTTY)
    let result: DeployResult
    try {
      const run = {
        ...opts,
        onEvent: (e: RunEvent) => progress.onEvent(e),
        onProgress: (line: string) => this.note(line),
        confirm: confirmer('kotadc deploy', approved, 'kotadc plan'),
      }
      const deps = {...site, ...deployLockAndAudit(inventory, opts), git: defaultGit, clock: () => new Date()}
      result = saved ? await deploySavedPlan(inventory, saved, run, deps) : await deploySite(inventory, run, deps)
    } finally {
      await progress.done()
    }
    if (!this.jsonEnabled()) this.out(renderDeploy(result, this.paint, this.verbose))
    process.exitCode = result.exitCode
    return result
  }
}
