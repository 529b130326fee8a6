import {Args, Flags} from '@oclif/core'
import {cliErrors} from '../errors/cli.js'
import {readSubsetProblem} from '../backup/read-subset.js'
import {LAB_DEFAULT_POOL} from '../lab/plan.js'
import {PHASES} from '../services/deploy/phases.js'
import type {ConnectPacing} from '../exec/runner/types.js'

/** Flags every kotadc command takes (STYLE.md section 2), each with a KOTADC_* environment fallback. */
export const baseFlags = {
  inventory: Flags.directory({
    char: 'i',
    summary: 'inventory directory',
    default: 'inventory',
    env: 'KOTADC_INVENTORY',
    helpGroup: 'GLOBAL',
  }),
  env: Flags.string({
    summary: 'overlay to apply from inventory/envs/<env>.yaml',
    env: 'KOTADC_ENV',
    helpGroup: 'GLOBAL',
  }),
  site: Flags.string({
    summary: 'expected site name; refuse to act on an inventory for another site',
    env: 'KOTADC_SITE',
    helpGroup: 'GLOBAL',
  }),
  verbose: Flags.boolean({
    char: 'v',
    summary: 'more detail on stderr, including stack traces of internal errors',
    env: 'KOTADC_VERBOSE',
    default: false,
    helpGroup: 'GLOBAL',
  }),
  color: Flags.boolean({
    summary: 'colour in human output (--no-color to turn it off)',
    env: 'KOTADC_COLOR',
    allowNo: true,
    default: true,
    helpGroup: 'GLOBAL',
  }),
}

/** Splits comma-separated flag values (`--limit a,b --limit role:dns`) into expressions. */
export const splitList = (values: readonly string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '')

/** Mutating commands: asked on a terminal, refused without one unless --yes. */
export const yesFlag = Flags.boolean({
  char: 'y',
  summary: 'do not ask for confirmation (required without a terminal)',
  default: false,
  env: 'KOTADC_YES',
})

export const limitFlag = Flags.string({
  char: 'l',
  summary: 'only these hosts (host, role:<role>, agency:<code>; comma-separated or repeated)',
  multiple: true,
  env: 'KOTADC_LIMIT',
})

/** `deploy`, `plan` and `drift`: the phases come from the one phase list. */
export const phaseFlag = Flags.string({
  summary: 'only these phases (repeatable); default all, in dependency order',
  multiple: true,
  options: PHASES.map((p) => p.name),
  env: 'KOTADC_PHASE',
})

export const forksFlag = Flags.integer({summary: 'hosts worked on at once (default: all)', min: 1, env: 'KOTADC_FORKS'})

export const timeoutFlag = Flags.integer({summary: 'seconds a single remote command may take', min: 1, default: 600, env: 'KOTADC_TIMEOUT'})

/**
 * How a command that works on many hosts through the playbook runner paces its SSH handshakes: `run`, `deploy`,
 * `plan` and `drift` take these, and connectPacing turns them into the runner's options.
 */
export const connectFlags = {
  'connect-timeout': Flags.integer({
    summary: 'seconds an SSH handshake may take (default: site.ssh.connectTimeout, else 10)',
    min: 1,
    max: 300,
    env: 'KOTADC_CONNECT_TIMEOUT',
  }),
  'connect-concurrency': Flags.integer({
    summary: 'SSH handshakes in flight at once (default 32); lower it when handshakes time out on a busy controller',
    min: 1,
    max: 1000,
    env: 'KOTADC_CONNECT_CONCURRENCY',
  }),
}

/** The runner options the connect flags set; an absent flag leaves the runner's default (or site.ssh.connectTimeout). */
export const connectPacing = (flags: {'connect-timeout'?: number | undefined; 'connect-concurrency'?: number | undefined}): ConnectPacing => ({
  ...(flags['connect-timeout'] ? {connectTimeoutMs: flags['connect-timeout'] * 1000} : {}),
  ...(flags['connect-concurrency'] ? {connectConcurrency: flags['connect-concurrency']} : {}),
})

/** Flags of `kotadc run` (playbooks on hosts over SSH). */
export const runFlags = {
  check: Flags.boolean({summary: 'plan only: show what would change, change nothing', default: false, env: 'KOTADC_CHECK'}),
  diff: Flags.boolean({summary: 'show unified diffs of file changes', default: false, env: 'KOTADC_DIFF'}),
  limit: limitFlag,
  tags: Flags.string({char: 't', summary: 'only tasks with one of these tags (comma-separated or repeated)', multiple: true, env: 'KOTADC_TAGS'}),
  'skip-tags': Flags.string({summary: 'leave out tasks with these tags', multiple: true, env: 'KOTADC_SKIP_TAGS'}),
  forks: forksFlag,
  serial: Flags.integer({summary: 'run hosts in batches of this size', min: 1, env: 'KOTADC_SERIAL'}),
  'max-fail-percent': Flags.integer({
    summary: 'with --serial: start no further batch once more than this % of hosts failed',
    min: 0,
    max: 100,
    default: 0,
    env: 'KOTADC_MAX_FAIL_PERCENT',
  }),
  retries: Flags.integer({summary: 'reconnects per host after a lost connection', min: 0, max: 5, default: 1, env: 'KOTADC_RETRIES'}),
  ...connectFlags,
  timeout: timeoutFlag,
  yes: yesFlag,
}

/** `lab up`, `lab status`: where the lab's subnets come from. */
export const labPoolFlag = Flags.string({summary: 'private /16 the lab subnets are cut from', default: LAB_DEFAULT_POOL, env: 'KOTADC_LAB_POOL'})

/** `lab up`, `lab down`: where the lab's keys live. */
export const labStateDirFlag = Flags.directory({
  summary: 'where lab keys live (default: .kotadc/lab next to the inventory)',
  env: 'KOTADC_LAB_STATE_DIR',
})

/** `backup verify`: the share of the data restic check reads back; a value restic would refuse is a usage error (exit 2). */
export const readDataSubsetFlag = Flags.string({
  summary: 'share of the pack files to read back: a percentage (5%, 100%) or a part n/t (1/4 reads the first quarter)',
  default: '5%',
  env: 'KOTADC_READ_DATA_SUBSET',
  parse: async (v) => {
    const problem = readSubsetProblem(v)
    if (problem) throw cliErrors.usage(`--read-data-subset ${problem}`)
    return v
  },
})

/** `--restart-vms`: deploy restarts running VMs whose cpus or memory changed (else they are reported as restart needed). */
export const restartVmsFlag = Flags.boolean({
  summary: 'restart running VMs whose cpus or memory changed (ACPI shutdown, then start); without it they are reported as restart needed',
  default: false,
  env: 'KOTADC_RESTART_VMS',
})

/** `--destroy-volumes`: deploy may apply stack plans that delete docker volumes; deliberate each time, so no env var. */
export const destroyVolumesFlag = Flags.boolean({
  summary: "apply stack plans that delete or replace docker volumes (a removed workload's data); without it such a plan stops the containers phase",
  default: false,
})

/** `kotadc vm` names: one or more VMs of the inventory. */
export const vmNamesArg = Args.string({description: 'VM names (space- or comma-separated)', required: true})
