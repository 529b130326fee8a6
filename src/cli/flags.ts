import {Flags} from '@oclif/core'

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
