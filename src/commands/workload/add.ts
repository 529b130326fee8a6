import {readFile} from 'node:fs/promises'
import {Args, Flags} from '@oclif/core'
import {OnboardCommand, onboardFlags} from '../../cli/onboard-command.js'
import {reaching} from '../../cli/reach.js'
import type {OnboardCommandResult} from '../../cli/render/onboard.js'
import {cliErrors} from '../../errors/cli.js'
import {parseRequest, workloadAddRequest} from '../../onboard/request.js'

export default class WorkloadAdd extends OnboardCommand {
  static override description = reaching(
    'hosts',
    'add a workload to an agency from a template: host, port, address, domain, backup policy and new secrets filled in; ends with the agency’s plan (--no-plan: offline)',
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %> dinpar wisata --from web-app --image registry.internal/dinpar/wisata:1.0.0',
    '<%= config.bin %> <%= command.id %> dinpar arsip --from vm-app --set cpus=4 --set memoryGiB=8 --host hv2',
    {
      description: 'without a terminal (CI): values from a request form',
      command: '<%= config.bin %> <%= command.id %> dinpar wisata --from-file request.yaml --yes --json',
    },
  ]
  static override args = {
    agency: Args.string({description: 'agency code; else from --from-file'}),
    name: Args.string({description: 'workload name (unique site-wide); else the request file’s only workload'}),
  }
  static override flags = {
    from: Flags.string({summary: 'template: templates/workloads/NAME.yaml (web-app, static-site, vm-app, or the site’s own)'}),
    image: Flags.string({summary: 'image (container image, or the VM’s base image)'}),
    domain: Flags.string({summary: 'domain served by the proxy (default NAME.<site domain>)'}),
    host: Flags.string({summary: 'docker host or hypervisor (default: the one with the most room)'}),
    port: Flags.integer({summary: 'published port on the docker host (default: the lowest free one from 8000)', min: 1, max: 65535}),
    'db-host': Flags.string({summary: 'database host (default: the one with the fewest databases)'}),
    network: Flags.string({summary: 'network of a VM (default: the one most VMs use)'}),
    address: Flags.string({summary: 'address of a VM (default: the lowest free one in its network)'}),
    policy: Flags.string({summary: 'backup policy (default: standard, else the site’s first)'}),
    set: Flags.string({summary: 'another template input, KEY=VALUE (cpus=4, memoryGiB=8...); repeatable', multiple: true}),
    ...onboardFlags,
  }

  async run(): Promise<OnboardCommandResult> {
    const {args, flags} = await this.parse(WorkloadAdd)
    this.setupOutput(flags)
    const file = flags['from-file'] ? parseRequest(flags['from-file'], await readFile(flags['from-file'], 'utf8')) : undefined
    const set: Record<string, string> = {}
    for (const kv of flags.set ?? []) {
      const eq = kv.indexOf('=')
      if (eq < 1) throw cliErrors.usage(`--set ${kv}: use KEY=VALUE, e.g. --set cpus=4`)
      set[kv.slice(0, eq)] = kv.slice(eq + 1)
    }
    const request = workloadAddRequest(file, {
      agency: args.agency,
      name: args.name,
      template: flags.from,
      values: {
        ...set,
        image: flags.image,
        domain: flags.domain,
        host: flags.host,
        port: flags.port,
        dbHost: flags['db-host'],
        network: flags.network,
        address: flags.address,
        policy: flags.policy,
      },
    })
    return this.onboardRequest(flags, request, 'existing')
  }
}
