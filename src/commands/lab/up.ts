import {Flags} from '@oclif/core'
import {labPoolFlag, labStateDirFlag} from '../../cli/flags.js'
import {OpsCommand} from '../../cli/ops-command.js'
import {renderLabUp} from '../../cli/render/lab.js'
import {labBaseEnv} from '../../lab/plan.js'
import {openInventory} from '../../services/inventory-open.js'
import {labUp, type LabUpResult} from '../../services/lab/up.js'
import {reaching} from '../../cli/reach.js'

export default class LabUp extends OpsCommand<LabUpResult> {
  static override description = reaching('lab', 'start every inventory host as a local container and write the lab overlay (--env lab)')
  // No confirmation: lab up only creates throwaway local containers and networks labelled kotadc.lab=<site>.
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --pool 10.199.0.0/16 --json']

  static override flags = {
    pool: labPoolFlag,
    'state-dir': labStateDirFlag,
    image: Flags.string({summary: 'use this docker image instead of building kotadc-lab-base', env: 'KOTADC_LAB_IMAGE'}),
  }

  async run(): Promise<LabUpResult> {
    const {flags} = await this.parse(LabUp)
    this.setupOutput(flags)
    const {inventory} = await openInventory({dir: flags.inventory, env: labBaseEnv(flags.env), site: flags.site, environ: process.env})
    const result = await labUp(inventory, {
      pool: flags.pool,
      ...(flags['state-dir'] ? {stateDir: flags['state-dir']} : {}),
      ...(flags.image ? {image: flags.image} : {}),
      onProgress: (line) => this.note(line),
    })
    if (!this.jsonEnabled()) this.out(renderLabUp(result, this.paint))
    return result
  }
}
