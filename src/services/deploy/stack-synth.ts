import {synthStack} from '../../exec/terraform/synth.js'
import type {Inventory} from '../../inventory/model.js'
import {buildDockerHostStack} from '../../../stacks/docker-host-stack.js'
import {dockerStackName} from '../../../stacks/docker-naming.js'

/**
 * A docker host's stack as Terraform JSON. Loaded on demand (stacks.ts): cdktf and the docker provider's bindings
 * take ~100 ms to load, which a deploy, plan or drift without a stack to synthesize should not pay.
 */
export const synthDockerHostStack = (inv: Inventory, host: string): string =>
  synthStack(dockerStackName(host), (scope) => buildDockerHostStack(scope, inv, host))
