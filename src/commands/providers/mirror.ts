import {Args, Flags} from '@oclif/core'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderMirror} from '../../cli/render/deploy.js'
import {openInventory} from '../../services/inventory-open.js'
import {defaultPlatforms, mirrorProviders, type ProvidersMirrorResult} from '../../services/providers-mirror.js'
import {reaching} from '../../cli/reach.js'

export default class ProvidersMirror extends OpsCommand<ProvidersMirrorResult> {
  static override description = reaching(
    'registry',
    'fill a filesystem provider mirror with every provider the stacks need (run on a connected machine)',
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %> /media/usb/terraform-mirror',
    '<%= config.bin %> <%= command.id %> ./mirror --platform linux_amd64 --platform linux_arm64 --json',
  ]

  static override args = {dir: Args.string({description: 'mirror directory (created if missing)', required: true})}
  static override flags = {
    platform: Flags.string({
      summary: 'os_arch of the machines that run kotadc (repeatable); default linux_amd64 and this machine',
      multiple: true,
      env: 'KOTADC_PLATFORM',
    }),
  }

  async run(): Promise<ProvidersMirrorResult> {
    const {args, flags} = await this.parse(ProvidersMirror)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    const result = await mirrorProviders(inventory, {
      dir: args.dir,
      platforms: flags.platform ?? defaultPlatforms(),
      cwd: process.cwd(),
      environ: process.env,
      ...(this.verbose && !this.jsonEnabled() ? {onOutput: (c: string) => process.stderr.write(c)} : {}),
    })
    if (!this.jsonEnabled()) this.out(renderMirror(result, this.paint))
    return result
  }
}
