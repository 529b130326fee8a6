import {readFile} from 'node:fs/promises'
import {Args} from '@oclif/core'
import {closingFlags, OnboardCommand} from '../cli/onboard-command.js'
import {reaching} from '../cli/reach.js'
import type {OnboardCommandResult} from '../cli/render/onboard.js'
import {parseRequest} from '../onboard/request.js'

export default class Onboard extends OnboardCommand {
  static override description = reaching(
    'hosts',
    'onboard an agency’s request form: the agency (created when it is new) and every workload it lists; ends with the agency’s plan (--no-plan: offline)',
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %> request.yaml',
    {description: 'in CI, without a terminal', command: '<%= config.bin %> <%= command.id %> request.yaml --yes --no-plan --json'},
  ]
  static override args = {request: Args.file({description: 'the request form (YAML, docs/onboarding.md)', required: true, exists: true})}
  static override flags = closingFlags

  async run(): Promise<OnboardCommandResult> {
    const {args, flags} = await this.parse(Onboard)
    this.setupOutput(flags)
    return this.onboardRequest(flags, parseRequest(args.request, await readFile(args.request, 'utf8')), 'either')
  }
}
