import {forksFlag} from '../cli/flags.js'
import {OpsCommand} from '../cli/ops-command.js'
import {gatherStatusWithProgress} from '../cli/gather-status.js'
import {reaching} from '../cli/reach.js'
import {renderStatus} from '../cli/render/status.js'
import {openInventory} from '../services/inventory-open.js'
import type {StatusSnapshot} from '../status/model.js'
import {statusExitCode} from '../status/problems.js'

export default class Status extends OpsCommand<StatusSnapshot> {
  static override description = reaching(
    'hosts',
    'the data center at a glance, problems first: hosts, workloads, certificates, backups, drills, deploys; exit 2 attention, 3 hosts unreachable',
  )
  static override examples = [
    '<%= config.bin %> <%= command.id %> --env lab',
    '<%= config.bin %> <%= command.id %> --json > status.json   # for `kotadc report --from status.json`',
  ]
  static override flags = {forks: forksFlag}

  async run(): Promise<StatusSnapshot> {
    const {flags} = await this.parse(Status)
    this.setupOutput(flags)
    const {inventory, demoIdentity} = await openInventory({dir: flags.inventory, env: flags.env, site: flags.site, environ: process.env})
    this.noteDemoIdentity(demoIdentity)
    const snapshot = await gatherStatusWithProgress(inventory, {json: this.jsonEnabled(), forks: flags.forks, note: (line) => this.note(line)})
    if (!this.jsonEnabled()) this.out(renderStatus(snapshot, this.paint))
    process.exitCode = statusExitCode(snapshot.overall)
    return snapshot
  }
}
