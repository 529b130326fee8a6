import type {Construct} from 'constructs'
import {TerraformVariable} from 'cdktf'
import {Container} from '@cdktf/provider-docker/lib/container/index.js'
import {Image} from '@cdktf/provider-docker/lib/image/index.js'
import {Network} from '@cdktf/provider-docker/lib/network/index.js'
import {DockerProvider} from '@cdktf/provider-docker/lib/provider/index.js'
import {Volume} from '@cdktf/provider-docker/lib/volume/index.js'
import {terraformErrors} from '../src/errors/terraform-errors.js'
import type {ContainerWorkload, Host, Inventory} from '../src/inventory/model.js'
import {containerEnv, containerHealthcheck, imageConstructId, kotadcLabels} from './docker-container.js'
import {agencyNetworkName, workloadVolumeName} from './docker-naming.js'
import {SSH_OPTIONS_VARIABLE, secretVariableName} from './secret-variables.js'
import {terraformLiteral as lit} from './terraform-literal.js'

/** Every container on the host restarts after a crash or reboot unless someone stopped it on purpose. */
const RESTART_POLICY = 'unless-stopped'

const sshSettings = (model: Inventory, host: Host) => ({
  user: host.ssh?.user ?? model.site.ssh.user,
  port: host.ssh?.port ?? model.site.ssh.port,
})

/**
 * The stack of one docker host: its provider (docker over SSH), one network per agency with containers there,
 * the named volumes, the images and the containers. Constructs only: no I/O, no environment.
 * Workloads are taken in name order so the output does not depend on the order of the YAML files.
 */
export function buildDockerHostStack(scope: Construct, model: Inventory, hostName: string): void {
  const host = model.hosts.find((h) => h.name === hostName)
  if (!host || !host.roles.includes('docker')) throw terraformErrors.stackHostNotDocker(hostName)
  const {user, port} = sshSettings(model, host)
  // The ssh options (pinned known_hosts, StrictHostKeyChecking=yes, identity, jump host) come from kotadc's
  // executor at plan/apply time: they name a file on the operator's machine that only that run writes.
  const sshOpts = new TerraformVariable(scope, SSH_OPTIONS_VARIABLE, {
    type: 'list(string)',
    nullable: false,
    description: 'ssh options of the docker provider, set by kotadc',
  })
  new DockerProvider(scope, 'docker', {host: lit(`ssh://${user}@${host.address}:${port}`), sshOpts: sshOpts.listValue})

  const workloads = model.workloads
    .filter((w): w is ContainerWorkload => w.kind === 'container' && w.host === hostName)
    .sort((a, b) => a.name.localeCompare(b.name))

  const networks = new Map<string, Network>()
  for (const agency of [...new Set(workloads.map((w) => w.agency))].sort()) {
    networks.set(
      agency,
      new Network(scope, `network-${agency}`, {name: lit(agencyNetworkName(agency)), driver: 'bridge', labels: kotadcLabels(agency)}),
    )
  }

  const images = new Map<string, Image>()
  for (const ref of [...new Set(workloads.map((w) => w.image))].sort()) {
    // Kept locally on destroy: another container (or a rollback) may still use the image.
    images.set(ref, new Image(scope, imageConstructId(ref), {name: lit(ref), keepLocally: true}))
  }

  for (const secret of [...new Set(workloads.flatMap((w) => w.secrets))].sort()) {
    new TerraformVariable(scope, secretVariableName(secret), {type: 'string', sensitive: true, nullable: false, description: lit(`secret ${secret}`)})
  }

  for (const w of workloads) {
    const volumes = [...w.volumes]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((v) => {
        const name = workloadVolumeName(w.name, v.name)
        // Referencing the resource (not the literal name) makes terraform create the volume before the container.
        const volume = new Volume(scope, `volume-${name}`, {name: lit(name), labels: kotadcLabels(w.agency, w.name)})
        return {volumeName: volume.name, containerPath: lit(v.path)}
      })
    const network = networks.get(w.agency)
    const image = images.get(w.image)
    if (!network || !image) throw terraformErrors.stackInconsistent(`workload ${w.name} has no network or image`)
    new Container(scope, `container-${w.name}`, {
      name: lit(w.name),
      image: image.imageId,
      env: containerEnv(w),
      restart: RESTART_POLICY,
      labels: kotadcLabels(w.agency, w.name),
      networksAdvanced: [{name: network.name, aliases: [lit(w.name)]}],
      ...(volumes.length > 0 ? {volumes} : {}),
      ...(w.port === undefined ? {} : {ports: [{internal: w.port, external: w.port}]}),
      ...(w.healthcheck ? {healthcheck: containerHealthcheck(w.healthcheck)} : {}),
      ...(w.limits?.memoryMiB === undefined ? {} : {memory: w.limits.memoryMiB}),
      ...(w.limits?.cpus === undefined ? {} : {cpus: String(w.limits.cpus)}),
    })
  }
}
