import {defaultSiteDeps, type SiteDeps, type SiteOptions} from '../services/deploy/context.js'
import {openInventory} from '../services/inventory-open.js'
import type {PlanResult} from '../services/plan.js'
import type {Inventory} from '../inventory/model.js'
import {connectFlags, connectPacing, limitFlag, phaseFlag, splitList} from './flags.js'
import {OpsCommand} from './ops-command.js'
import {createProgress, progressMode} from './progress.js'
import {renderPlan} from './render/plan.js'

/** `plan` and `drift`: the same phases, flags, progress and report; only the service they call differs. */
export abstract class SitePlanCommand extends OpsCommand<PlanResult> {
  static override flags = {
    limit: limitFlag,
    phase: phaseFlag,
    ...connectFlags,
  }

  /** Heading of the human report. */
  protected abstract readonly kind: 'plan' | 'drift'
  protected abstract compute(inv: Inventory, opts: SiteOptions, deps: SiteDeps, flags: Record<string, unknown>): Promise<PlanResult>

  /** The human report (stdout without --json). */
  protected render(result: PlanResult, _flags: Record<string, unknown>): string {
    return renderPlan(result, this.paint, this.kind)
  }

  async run(): Promise<PlanResult> {
    const {flags} = await this.parse(this.ctor as typeof SitePlanCommand)
    this.setupOutput(flags)
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    // Plain lines even on a terminal: phases run one after another, each with its own hosts.
    const progress = createProgress(progressMode(this.jsonEnabled(), false), (line) => this.note(line))
    const cwd = process.cwd()
    const deps = defaultSiteDeps(inventory, {
      environ: process.env,
      cwd,
      tty: false,
      ...(this.verbose && !this.jsonEnabled() ? {onOutput: (c: string) => process.stderr.write(c)} : {}),
    })
    const result = await this.compute(
      inventory,
      {
        limit: splitList(flags.limit),
        phases: flags.phase ?? [],
        environ: process.env,
        cwd,
        connect: connectPacing(flags),
        onEvent: (e) => progress.onEvent(e),
        onProgress: (line) => this.note(line),
      },
      deps,
      flags,
    )
    await progress.done()
    if (!this.jsonEnabled()) this.out(this.render(result, flags))
    process.exitCode = result.exitCode
    return result
  }
}
