import {Flags} from '@oclif/core'
import {forksFlag} from '../cli/flags.js'
import {OpsCommand} from '../cli/ops-command.js'
import {reaching} from '../cli/reach.js'
import {renderReportResult} from '../cli/render/report.js'
import {REPORT_LANGS, type ReportLang} from '../report/messages/index.js'
import {makeReport, type ReportResult} from '../services/report/make-report.js'

export default class Report extends OpsCommand<ReportResult> {
  static override description = reaching(
    'hosts',
    'the data center at a glance as one self-contained HTML page (wall screen and A4 print): gathered live like `kotadc status`, or with --from rendered offline from a saved `kotadc status --json`, contacting no host',
  )
  static override examples = [
    {description: 'gather the lab live and write the page', command: '<%= config.bin %> report --env lab --out report.html'},
    {description: 'a page from a saved snapshot, without SSH access', command: '<%= config.bin %> report --from status.json --out report.html'},
    {description: 'a snapshot piped in', command: '<%= config.bin %> status --env lab --json | <%= config.bin %> report --from - --out report.html'},
    {description: 'the same page in Bahasa Indonesia', command: '<%= config.bin %> report --from status.json --out laporan.html --lang id'},
  ]
  static override flags = {
    out: Flags.string({char: 'o', summary: 'the HTML file to write (replaced whole)', required: true, env: 'KOTADC_REPORT_OUT'}),
    lang: Flags.string({
      summary: 'language of labels and states (names and data stay as they are)',
      options: [...REPORT_LANGS],
      default: 'en',
      env: 'KOTADC_REPORT_LANG',
    }),
    from: Flags.file({
      summary: 'render this saved `kotadc status --json` (- for stdin) instead of gathering live (contacts no host)',
      env: 'KOTADC_REPORT_FROM',
    }),
    forks: forksFlag,
  }

  async run(): Promise<ReportResult> {
    const {flags} = await this.parse(Report)
    this.setupOutput(flags)
    // Loaded only when gathering live: `--from` stays a quick offline render without the SSH and inventory code.
    const live = async () => {
      const [{openInventory}, {gatherStatusWithProgress}] = await Promise.all([
        import('../services/inventory-open.js'),
        import('../cli/gather-status.js'),
      ])
      const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
      this.noteDemoIdentity(demoIdentity)
      return gatherStatusWithProgress(inventory, {json: this.jsonEnabled(), forks: flags.forks, note: (line) => this.note(line)})
    }
    const result = await makeReport({out: flags.out, lang: flags.lang as ReportLang}, flags.from ? {from: flags.from} : {live})
    this.out(renderReportResult(result, this.paint))
    return result
  }
}
