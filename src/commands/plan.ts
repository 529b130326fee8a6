import {Flags} from '@oclif/core'
import {OpsCommand} from '../cli/ops-command.js'
import {createProgress, progressMode} from '../cli/progress.js'
import {renderPlan} from '../cli/render/plan.js'
import {runFlags} from '../cli/run-flags.js'
import {splitList} from '../playbooks/targets.js'
import {defaultSiteDeps} from '../services/deploy/context.js'
import {PHASES} from '../services/deploy/phases.js'
import {openInventory} from '../services/inventory-open.js'
import {planSite, type PlanResult} from '../services/plan.js'

export default class Plan extends OpsCommand<PlanResult> {
  static override description = 'show what deploy would change: playbooks in check mode and the stacks’ terraform plans (exit 0 none, 2 changes, 3 failure)'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --env lab --phase base --phase docker-hosts --json',
    '<%= config.bin %> <%= command.id %> --limit agency:dinkes --phase containers',
  ]

  static override flags = {
    limit: runFlags.limit,
    phase: Flags.string({summary: 'only these phases (repeatable); default all, in dependency order', multiple: true, options: PHASES.map((p) => p.name), env: 'KOTADC_PHASE'}),
  }

  async run(): Promise<PlanResult> {
    const {flags} = await this.parse(Plan)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    // Plain lines even on a terminal: phases run one after another, each with its own hosts.
    const progress = createProgress(progressMode(this.jsonEnabled(), false), (line) => this.note(line))
    const cwd = process.cwd()
    const deps = defaultSiteDeps(inventory, {environ: process.env, cwd, tty: false, ...(this.verbose && !this.jsonEnabled() ? {onOutput: (c: string) => process.stderr.write(c)} : {})})
    const result = await planSite(inventory, {
      limit: splitList(flags.limit),
      phases: flags.phase ?? [],
      environ: process.env,
      cwd,
      onEvent: (e) => progress.onEvent(e),
      onProgress: (line) => this.note(line),
    }, deps)
    await progress.done()
    if (!this.jsonEnabled()) this.out(renderPlan(result, this.paint))
    process.exitCode = result.exitCode
    return result
  }
}
