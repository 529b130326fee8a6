import {Flags} from '@oclif/core'
import {OpsCommand} from '../cli/ops-command.js'
import {reaching} from '../cli/reach.js'
import {renderReportResult} from '../cli/render/report.js'
import {REPORT_LANGS, type ReportLang} from '../report/messages/index.js'
import {makeReport, type ReportResult} from '../services/report/make-report.js'

export default class Report extends OpsCommand<ReportResult> {
  static override description = reaching(
    'offline',
    'the data center at a glance as one self-contained HTML page (wall screen and A4 print), rendered from a saved `kotadc status --json`',
  )
  static override examples = [
    {description: 'a page from a saved snapshot, without SSH access', command: '<%= config.bin %> report --from status.json --out report.html'},
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
    from: Flags.file({summary: 'a saved `kotadc status --json` to render', required: true, env: 'KOTADC_REPORT_FROM'}),
  }

  async run(): Promise<ReportResult> {
    const {flags} = await this.parse(Report)
    this.setupOutput(flags)
    const result = await makeReport({out: flags.out, lang: flags.lang as ReportLang}, {from: flags.from})
    this.out(renderReportResult(result, this.paint))
    return result
  }
}
