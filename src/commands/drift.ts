import {Flags} from '@oclif/core'
import {OpsCommand} from '../cli/ops-command.js'
import {createProgress, progressMode} from '../cli/progress.js'
import {renderPlan} from '../cli/render/plan.js'
import {runFlags} from '../cli/run-flags.js'
import {splitList} from '../playbooks/targets.js'
import {defaultSiteDeps} from '../services/deploy/context.js'
import {PHASES} from '../services/deploy/phases.js'
import {openInventory} from '../services/inventory-open.js'
import type {PlanResult} from '../services/plan.js'
import {driftSite} from '../services/drift.js'

export default class Drift extends OpsCommand<PlanResult> {
  static override description = 'find changes made outside kotadc: refresh-only terraform plans and playbooks in check mode (exit 0 none, 2 drift, 3 failure)'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --phase containers --limit docker1 --json',
  ]

  static override flags = {
    limit: runFlags.limit,
    phase: Flags.string({summary: 'only these phases (repeatable); default all, in dependency order', multiple: true, options: PHASES.map((p) => p.name), env: 'KOTADC_PHASE'}),
  }

  async run(): Promise<PlanResult> {
    const {flags} = await this.parse(Drift)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    // Plain lines even on a terminal: phases run one after another, each with its own hosts.
    const progress = createProgress(progressMode(this.jsonEnabled(), false), (line) => this.note(line))
    const cwd = process.cwd()
    const deps = defaultSiteDeps(inventory, {environ: process.env, cwd, tty: false, ...(this.verbose && !this.jsonEnabled() ? {onOutput: (c: string) => process.stderr.write(c)} : {})})
    const result = await driftSite(inventory, {
      limit: splitList(flags.limit),
      phases: flags.phase ?? [],
      environ: process.env,
      cwd,
      onEvent: (e) => progress.onEvent(e),
      onProgress: (line) => this.note(line),
    }, deps)
    await progress.done()
    if (!this.jsonEnabled()) this.out(renderPlan(result, this.paint, 'drift'))
    process.exitCode = result.exitCode
    return result
  }
}
