import {Flags} from '@oclif/core'
import type {OnboardRequest} from '../onboard/request.js'
import {onboard, type AgencyMode} from '../services/onboard/add.js'
import {closingPlan, nextSteps} from '../services/onboard/closing-plan.js'
import {openInventory} from '../services/inventory-open.js'
import {terminalAsker} from './ask.js'
import {confirmer} from './confirm.js'
import {yesFlag} from './flags.js'
import {OpsCommand, type BaseFlags} from './ops-command.js'
import {renderOnboard, type OnboardCommandResult} from './render/onboard.js'

/** Flags of every onboarding command. */
export const closingFlags = {
  plan: Flags.boolean({
    summary: 'end with `kotadc plan --limit agency:CODE` (contacts the agency’s hosts; --no-plan stays offline)',
    allowNo: true,
    default: true,
    env: 'KOTADC_ONBOARD_PLAN',
  }),
  yes: yesFlag,
}

/** `agency add` and `workload add`: values not given as flags may come from a request form. */
export const onboardFlags = {
  'from-file': Flags.file({
    summary: "an agency's request form (YAML, docs/onboarding.md): values not given as flags come from it",
    exists: true,
    env: 'KOTADC_REQUEST',
  }),
  ...closingFlags,
}

/** `agency add`, `workload add` and `onboard`: one flow, only how the request is put together differs. */
export abstract class OnboardCommand extends OpsCommand<OnboardCommandResult> {
  protected async onboardRequest(
    flags: BaseFlags & {yes: boolean; plan: boolean},
    request: OnboardRequest,
    mode: AgencyMode,
  ): Promise<OnboardCommandResult> {
    // Allocation and the written files are about the site itself: the base inventory, never an overlay's addresses.
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    const cwd = process.cwd()
    const asker = this.jsonEnabled() ? undefined : terminalAsker((s) => this.paint('cyan', s))
    const ask = confirmer(this.commandLine(), flags.yes)
    let result
    try {
      result = await onboard(inventory, request, {
        cwd,
        environ: process.env,
        agencyMode: mode,
        ...(asker ? {asker} : {}),
        confirm: (q) => {
          asker?.close()
          return ask(q)
        },
        underLock: (fn) => this.underSiteLock(inventory, fn),
      })
    } finally {
      asker?.close()
    }
    const plan = await closingPlan({
      dir: flags.inventory,
      env: flags.env,
      agency: result.agency,
      plan: flags.plan,
      cwd,
      environ: process.env,
      onProgress: (l) => this.note(l),
    })
    const files = [result.file, ...(result.secretsFile && result.secrets.some((s) => s.action === 'generated') ? [result.secretsFile] : [])]
    const full: OnboardCommandResult = {...result, plan, nextSteps: nextSteps(inventory, files, flags.env)}
    if (!this.jsonEnabled()) this.out(renderOnboard(full, this.paint))
    return full
  }
}
