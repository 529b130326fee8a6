import {onboardErrors} from '../../errors/onboard.js'
import {isOpsError} from '../../errors/ops-error.js'
import type {Step} from '../../onboard/steps.js'
import type {TemplateValue} from '../../onboard/template.js'

/** A terminal to ask on (cli/ask.ts); absent without one, so every value comes from flags, the request or defaults. */
export interface Asker {
  /** One question; the default is shown and an empty answer takes it. Resolves with the answer as typed. */
  ask(question: string, shownDefault?: string): Promise<string>
  /** Why an answer was refused, before the question is asked again. */
  refuse(message: string): void
}

/** Most wrong answers to one question before giving up: a script typing into a terminal must not loop forever. */
const MAX_TRIES = 5

/**
 * Decides one value: a given one is checked (and refused outright: it was typed on purpose), a missing one is asked
 * for with the default shown (a wrong answer explained and asked again), or without a terminal the default is used.
 */
export async function decide(
  step: Step,
  given: TemplateValue | undefined,
  decided: Readonly<Record<string, TemplateValue>>,
  asker?: Asker,
): Promise<{value: TemplateValue; computed: boolean}> {
  if (given !== undefined) return {value: step.check(given, decided), computed: false}
  const fallback = step.compute(decided)
  if (!asker) {
    if (fallback === undefined) throw onboardErrors.valueMissing(step.describe, step.flag)
    return {value: step.check(fallback, decided), computed: true}
  }
  for (let i = 0; ; i++) {
    const answer = (await asker.ask(step.describe, fallback === undefined ? undefined : String(fallback))).trim()
    try {
      if (answer === '' && fallback === undefined) throw onboardErrors.valueMissing(step.describe, step.flag)
      return answer === ''
        ? {value: step.check(fallback as TemplateValue, decided), computed: true}
        : {value: step.check(answer, decided), computed: false}
    } catch (e) {
      if (!isOpsError(e) || i + 1 >= MAX_TRIES) throw e
      asker.refuse(`${e.message}${e.hint ? ` (${e.hint})` : ''}`)
    }
  }
}

/** A free-text value (agency name, template) with an optional check, asked for like a step. */
export async function decideText(
  describe: string,
  flag: string,
  given: string | undefined,
  check: (v: string) => string,
  asker?: Asker,
): Promise<string> {
  const step: Step = {key: describe, describe, flag, compute: () => undefined, check: (raw) => check(String(raw).trim())}
  return String((await decide(step, given, {}, asker)).value)
}
