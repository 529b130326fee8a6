import {readFile} from 'node:fs/promises'
import {Args, Flags} from '@oclif/core'
import {OnboardCommand, onboardFlags} from '../../cli/onboard-command.js'
import {reaching} from '../../cli/reach.js'
import type {OnboardCommandResult} from '../../cli/render/onboard.js'
import {agencyAddRequest, parseRequest} from '../../onboard/request.js'

export default class AgencyAdd extends OnboardCommand {
  static override description = reaching(
    'hosts',
    'write agencies/CODE.yaml for a new agency, with the workloads its request file lists; ends with the agency’s plan (--no-plan: offline)',
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %> dinpar --name "Dinas Pariwisata" --contact-name "Kepala Bidang Destinasi" --contact-email destinasi.dinpar@kotamobagukota.go.id',
    {
      description: 'a request form, without a terminal (CI)',
      command: '<%= config.bin %> <%= command.id %> --from-file request.yaml --yes --no-plan --json',
    },
  ]
  static override args = {code: Args.string({description: 'agency code (a DNS label, the file name agencies/CODE.yaml); else from --from-file'})}
  static override flags = {
    name: Flags.string({summary: 'full name of the agency', env: 'KOTADC_AGENCY_NAME'}),
    'contact-name': Flags.string({summary: 'who to call at the agency'}),
    'contact-email': Flags.string({summary: 'their email address'}),
    'contact-phone': Flags.string({summary: 'their phone number'}),
    ...onboardFlags,
  }

  async run(): Promise<OnboardCommandResult> {
    const {args, flags} = await this.parse(AgencyAdd)
    this.setupOutput(flags)
    const file = flags['from-file'] ? parseRequest(flags['from-file'], await readFile(flags['from-file'], 'utf8')) : undefined
    const contact = {name: flags['contact-name'], email: flags['contact-email'], phone: flags['contact-phone']}
    const request = agencyAddRequest(file, {
      ...(args.code === undefined ? {} : {code: args.code}),
      ...(flags.name === undefined ? {} : {name: flags.name}),
      contact,
    })
    return this.onboardRequest(flags, request, 'create')
  }
}
