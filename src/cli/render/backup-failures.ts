import type {HostFailure} from '../../services/backup/hosts.js'
import type {Painter} from '../style.js'

/** Hosts a backup command could not work on, each with its error and fix. */
export const renderHostFailures = (failures: readonly HostFailure[], paint: Painter): string[] =>
  failures.map(
    (f) =>
      `${paint('bold', f.host)}: ${paint('red', `${f.status}: ${f.error.message}`)}  ${paint('dim', `[${f.error.code}]`)}${f.error.hint ? `\n  fix: ${f.error.hint}` : ''}`,
  )
