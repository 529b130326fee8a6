import {auditCodes} from './audit.js'
import {backupCodes} from './backup.js'
import {cliCodes} from './cli.js'
import {databaseCodes} from './databases.js'
import type {CodeInfo} from './define.js'
import {deployCodes} from './deploy.js'
import {dockerCodes} from './docker.js'
import {factCodes} from './facts.js'
import {inventoryCommandCodes} from './inventory-commands.js'
import {inventoryCodes} from './inventory-codes.js'
import {labCodes} from './lab.js'
import {netsvcCodes} from './netsvc.js'
import {onboardCodes} from './onboard.js'
import {networkCodes} from './network.js'
import type {ErrorFamily} from './ops-error.js'
import {pkiCodes} from './pki.js'
import {reportCodes} from './report.js'
import {playbookCodes} from './playbook.js'
import {runnerCodes} from './runner.js'
import {savedPlanCodes} from './saved-plan.js'
import {secretCodes} from './secrets.js'
import {siteLockCodes} from './site-lock.js'
import {statusCodes} from './status.js'
import {sshCodes} from './ssh-errors.js'
import {taskCodes} from './tasks.js'
import {terraformCodes} from './terraform-errors.js'
import {vmCodes} from './vms.js'

/**
 * The catalogue: every code kotadc reports, grouped by capability, each with its family, meaning and fix.
 * Codes are SCREAMING_SNAKE and stable (scripts and tests match on them). A code is added to its capability's
 * table (src/errors/<capability>.ts) next to the named constructor that builds it; `ErrorCode` is derived from
 * these tables, so an error built with an unlisted code, or with a code of another family, fails typecheck.
 * docs/errors.md is generated from here (`npm run docs`).
 */
export const CODE_GROUPS = [
  {title: 'Inventory', codes: inventoryCodes},
  {title: 'Inventory commands', codes: inventoryCommandCodes},
  {title: 'Secrets', codes: secretCodes},
  {title: 'Command line', codes: cliCodes},
  {title: 'Playbooks', codes: playbookCodes},
  {title: 'Tasks', codes: taskCodes},
  {title: 'Facts', codes: factCodes},
  {title: 'Playbook runs', codes: runnerCodes},
  {title: 'The site lock', codes: siteLockCodes},
  {title: 'SSH', codes: sshCodes},
  {title: 'Network fence', codes: networkCodes},
  {title: 'Terraform and stacks', codes: terraformCodes},
  {title: 'Plan and deploy', codes: deployCodes},
  {title: 'Saved plans', codes: savedPlanCodes},
  {title: 'Local programs and Docker', codes: dockerCodes},
  {title: 'Lab', codes: labCodes},
  {title: 'Network services: DNS, proxy, firewall, PKI', codes: netsvcCodes},
  {title: 'PKI: the site CA', codes: pkiCodes},
  {title: 'Backups', codes: backupCodes},
  {title: 'Databases: PostgreSQL roles, databases, pg_hba.conf', codes: databaseCodes},
  {title: 'The audit trail', codes: auditCodes},
  {title: 'Status', codes: statusCodes},
  {title: 'Virtual machines (libvirt)', codes: vmCodes},
  {title: 'The HTML report', codes: reportCodes},
  {title: 'Onboarding: agencies and workloads', codes: onboardCodes},
] as const satisfies readonly {title: string; codes: Record<string, CodeInfo>}[]

type Groups = (typeof CODE_GROUPS)[number]['codes']
type Union<G> = G extends unknown ? keyof G : never
type InfoOf<G, K extends PropertyKey> = G extends unknown ? (K extends keyof G ? G[K] : never) : never

/** Every code in the catalogue. */
export type ErrorCode = Union<Groups> & string
/** The codes an OpsError of family F may carry (issue codes are carried inside INVENTORY_INVALID / PLAYBOOK_INVALID). */
export type ErrorCodeOf<F extends ErrorFamily> = {
  [K in ErrorCode]: InfoOf<Groups, K> extends {issue: string} ? never : InfoOf<Groups, K> extends {family: F} ? K : never
}[ErrorCode]
/** The issue codes one error carries. */
export type IssueCodeOf<E extends string> = {[K in ErrorCode]: InfoOf<Groups, K> extends {issue: E} ? K : never}[ErrorCode]
export type IssueCode = IssueCodeOf<'INVENTORY_INVALID' | 'PLAYBOOK_INVALID'>

/** Every code with what the catalogue says about it, in catalogue order. */
export const ERROR_CODES: ReadonlyMap<ErrorCode, CodeInfo> = new Map(CODE_GROUPS.flatMap((g) => Object.entries(g.codes) as [ErrorCode, CodeInfo][]))

/** The exit code a command ends with when it reports this code (warnings do not fail it). */
export const exitCodeOf = (info: CodeInfo): number => (info.warning ? 0 : EXIT_BY_FAMILY[info.family])
const EXIT_BY_FAMILY: Record<ErrorFamily, number> = {user: 1, external: 3, bug: 70}

export * from './audit.js'
export * from './backup.js'
export * from './cli.js'
export * from './deploy.js'
export * from './docker.js'
export * from './facts.js'
export * from './inventory-commands.js'
export * from './inventory.js'
export * from './lab.js'
export * from './netsvc.js'
export * from './network.js'
export * from './onboard.js'
export * from './pki.js'
export * from './playbook.js'
export * from './report.js'
export * from './runner.js'
export * from './saved-plan.js'
export * from './secrets.js'
export * from './status.js'
export * from './ssh-errors.js'
export * from './tasks.js'
export * from './terraform-errors.js'
