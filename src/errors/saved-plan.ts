import type {PlanDifference} from '../saved-plan/compare.js'
import {describeDifference} from '../saved-plan/compare.js'
import {defineCodes} from './define.js'
import {UserError} from './ops-error.js'

/** Past this many, the message names the first ones and counts the rest; `details.differences` keeps every one. */
export const DIFFERENCES_LISTED = 10

const listed = (d: readonly PlanDifference[]): string =>
  d.slice(0, DIFFERENCES_LISTED).map(describeDifference).join('; ') +
  (d.length > DIFFERENCES_LISTED ? `; and ${d.length - DIFFERENCES_LISTED} more (--json lists them all)` : '')

const REPLAN = 'run `kotadc plan --out FILE` again, have the new plan reviewed, and deploy that one'

/** The world moved since the plan was saved: nothing was changed. `differences` names what moved, never a value. */
export class SavedPlanStaleError extends UserError {
  readonly differences: PlanDifference[]

  constructor(file: string, differences: readonly PlanDifference[]) {
    super({
      code: 'SAVED_PLAN_STALE',
      message: `the saved plan ${file} no longer matches (nothing was changed): ${listed(differences)}`,
      hint: REPLAN,
    })
    this.differences = [...differences]
  }

  override details(): unknown {
    return {differences: this.differences}
  }
}

export const savedPlanErrors = {
  unreadable: (
    file: string,
    reason: string,
    hint = 'give the file `kotadc plan --out` wrote, with KOTADC_AGE_IDENTITY set to an identity in inventory/recipients.txt',
  ) => new UserError({code: 'SAVED_PLAN_UNREADABLE', message: `cannot read the saved plan ${file}: ${reason}`, hint}),
  otherSite: (file: string, planned: string, given: string) =>
    new UserError({
      code: 'SAVED_PLAN_OTHER_SITE',
      message: `the saved plan ${file} is for ${planned}, but this deploy is for ${given}`,
      hint: 'deploy it with the inventory, --site and --env it was planned with, or plan this site again',
    }),
  notSaved: (file: string, exitCode: number) =>
    new UserError({
      code: 'SAVED_PLAN_NOT_SAVED',
      message: `the plan could not be completed (exit ${exitCode}): nothing was saved to ${file}`,
      hint: 'fix the failures the plan reports, then run `kotadc plan --out` again',
    }),
}

export const savedPlanCodes = defineCodes({
  SAVED_PLAN_STALE: {
    family: 'user',
    meaning:
      '`deploy --plan`: an inventory file, a secret, the terraform version, a stack, a stack’s state or a host’s planned changes differ from the saved plan; nothing was changed',
    fix: REPLAN,
  },
  SAVED_PLAN_UNREADABLE: {
    family: 'user',
    meaning: '`deploy --plan`: the file is missing, cannot be decrypted with this identity, or is not a saved plan this kotadc reads',
    fix: 'give the file `kotadc plan --out` wrote, with KOTADC_AGE_IDENTITY set to an identity in inventory/recipients.txt',
  },
  SAVED_PLAN_OTHER_SITE: {
    family: 'user',
    meaning: '`deploy --plan`: the saved plan was made for another site or environment',
    fix: 'deploy it with the inventory, --site and --env it was planned with, or plan this site again',
  },
  SAVED_PLAN_NOT_SAVED: {
    family: 'user',
    meaning: '`plan --out`: a phase failed, so no plan was saved (a partial plan cannot be applied exactly)',
    fix: 'fix the failures the plan reports, then run `kotadc plan --out` again',
  },
})
