import {labPoolFlag} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderLabStatus} from '../../cli/render/lab.js'
import {labBaseEnv} from '../../lab/plan.js'
import {openInventory} from '../../services/inventory-open.js'
import {labStatus, type LabStatusResult} from '../../services/lab/status.js'
import {reaching} from '../../cli/reach.js'

export default class LabStatus extends OpsCommand<LabStatusResult> {
  static override description = reaching('lab', 'show each lab container and whether its sshd answers')
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  static override flags = {
    pool: labPoolFlag,
  }

  async run(): Promise<LabStatusResult> {
    const {flags} = await this.parse(LabStatus)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: labBaseEnv(flags.env), site: flags.site, environ: process.env})
    const result = await labStatus(inventory, {pool: flags.pool})
    if (!this.jsonEnabled()) this.out(renderLabStatus(result, this.paint))
    return result
  }
}
