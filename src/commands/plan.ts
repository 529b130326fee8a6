import {Flags} from '@oclif/core'
import type {Inventory} from '../inventory/model.js'
import {SitePlanCommand} from '../cli/site-plan-command.js'
import {renderPlan} from '../cli/render/plan.js'
import {renderPlanMarkdown} from '../cli/render/plan-markdown.js'
import {defaultGit} from '../services/deploy.js'
import type {SiteDeps, SiteOptions} from '../services/deploy/context.js'
import {maskedWithSecrets, planSite, type PlanResult} from '../services/plan.js'
import {planToFile} from '../services/saved-plan/save.js'
import {reaching} from '../cli/reach.js'

export default class Plan extends SitePlanCommand {
  static override description = reaching(
    'hosts',
    'show what deploy would change: playbooks in check mode and the stacks’ terraform plans (exit 0 none, 2 changes, 3 failure)',
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --env lab --phase base --phase docker-hosts --json',
    '<%= config.bin %> <%= command.id %> --limit agency:dinkes --phase containers',
    '<%= config.bin %> <%= command.id %> --out plan.age --format markdown > plan.md',
  ]

  static override flags = {
    ...SitePlanCommand.flags,
    out: Flags.string({
      summary: 'save the plan (terraform plan files, change lists, input digests), age-encrypted to recipients.txt, for `deploy --plan`',
      helpValue: 'FILE',
      env: 'KOTADC_PLAN_OUT',
    }),
    format: Flags.string({
      summary: 'report format: text, or markdown for a merge-request comment (secrets masked, diffs folded)',
      options: ['text', 'markdown'],
      default: 'text',
      exclusive: ['json'],
      env: 'KOTADC_PLAN_FORMAT',
    }),
  }

  protected readonly kind = 'plan'
  protected async compute(inv: Inventory, opts: SiteOptions, deps: SiteDeps, flags: Record<string, unknown>): Promise<PlanResult> {
    const markdown = flags.format === 'markdown'
    const run = {...opts, diff: markdown}
    const out = flags.out as string | undefined
    const result = out ? await planToFile(inv, out, run, {...deps, git: defaultGit, clock: () => new Date()}) : await planSite(inv, run, deps)
    return markdown ? maskedWithSecrets(result, await deps.secrets(inv)) : result
  }

  protected override render(result: PlanResult, flags: Record<string, unknown>): string {
    return flags.format === 'markdown' ? renderPlanMarkdown(result) : renderPlan(result, this.paint, this.kind)
  }
}
