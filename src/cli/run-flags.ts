import {Flags} from '@oclif/core'

/** Flags of the commands that act on hosts over SSH (run, exec, hosts ping). */
export const yesFlag = Flags.boolean({char: 'y', summary: 'do not ask for confirmation (required without a terminal)', default: false, env: 'KOTADC_YES'})

export const forksFlag = Flags.integer({summary: 'hosts worked on at once (default: all)', min: 1, env: 'KOTADC_FORKS'})

export const timeoutFlag = Flags.integer({summary: 'seconds a single remote command may take', min: 1, default: 600, env: 'KOTADC_TIMEOUT'})

export const runFlags = {
  check: Flags.boolean({summary: 'plan only: show what would change, change nothing', default: false, env: 'KOTADC_CHECK'}),
  diff: Flags.boolean({summary: 'show unified diffs of file changes', default: false, env: 'KOTADC_DIFF'}),
  limit: Flags.string({char: 'l', summary: 'only these hosts (host, role:<role>, agency:<code>; comma-separated or repeated)', multiple: true, env: 'KOTADC_LIMIT'}),
  tags: Flags.string({char: 't', summary: 'only tasks with one of these tags (comma-separated or repeated)', multiple: true, env: 'KOTADC_TAGS'}),
  'skip-tags': Flags.string({summary: 'leave out tasks with these tags', multiple: true, env: 'KOTADC_SKIP_TAGS'}),
  forks: forksFlag,
  serial: Flags.integer({summary: 'run hosts in batches of this size', min: 1, env: 'KOTADC_SERIAL'}),
  'max-fail-percent': Flags.integer({summary: 'with --serial: start no further batch once more than this % of hosts failed', min: 0, max: 100, default: 0, env: 'KOTADC_MAX_FAIL_PERCENT'}),
  retries: Flags.integer({summary: 'reconnects per host after a lost connection', min: 0, max: 5, default: 1, env: 'KOTADC_RETRIES'}),
  timeout: timeoutFlag,
  yes: yesFlag,
}
