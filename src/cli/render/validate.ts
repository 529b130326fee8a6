import type {ValidateResult} from '../../services/validate.js'
import type {Painter} from '../style.js'

const n = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`

/** One summary line for stdout; warnings are rendered separately (renderIssues) on stderr. */
export function renderValidateResult(r: ValidateResult, paint: Painter): string {
  const c = r.counts
  const what = [
    n(c.networks, 'network'),
    n(c.hosts, 'host'),
    n(c.agencies, 'agency', 'agencies'),
    n(c.workloads, 'workload'),
    n(c.backupPolicies, 'backup policy', 'backup policies'),
  ]
  const env = r.env ? ` (env ${r.env})` : ''
  const warned = r.warnings.length ? paint('yellow', `, ${n(r.warnings.length, 'warning')}`) : ''
  return `${paint('green', 'inventory valid')}: site ${r.site}${env}, ${n(r.files.length, 'file')}: ${what.join(', ')}${warned}`
}
