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
import {secretVariableName} from './secret-variables.js'
import {terraformLiteral as lit, terraformLiterals} from './terraform-literal.js'

/** Every container on the host restarts after a crash or reboot unless someone stopped it on purpose. */
const RESTART_POLICY = 'unless-stopped'

const sshSettings = (model: Inventory, host: Host) => ({
  user: host.ssh?.user ?? model.site.ssh.user,
  port: host.ssh?.port ?? model.site.ssh.port,
  identityFile: host.ssh?.identityFile ?? model.site.ssh.identityFile,
})

/** Options for the ssh command the docker provider runs; BatchMode so a missing key fails instead of prompting. */
function sshOpts(model: Inventory, host: Host): string[] {
  const opts = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes']
  const {identityFile} = sshSettings(model, host)
  if (identityFile) opts.push('-i', identityFile)
  if (model.site.ssh.knownHosts) opts.push('-o', `UserKnownHostsFile=${model.site.ssh.knownHosts}`)
  const jump = host.ssh?.jumpHost ? model.hosts.find((h) => h.name === host.ssh?.jumpHost) : undefined
  if (jump) {
    const j = sshSettings(model, jump)
    opts.push('-J', `${j.user}@${jump.address}:${j.port}`)
  }
  return terraformLiterals(opts)
}

/**
 * The stack of one docker host: its provider (docker over SSH), one network per agency with containers there,
 * the named volumes, the images and the containers. Constructs only: no I/O, no environment.
 * Workloads are taken in name order so the output does not depend on the order of the YAML files.
 */
export function buildDockerHostStack(scope: Construct, model: Inventory, hostName: string): void {
  const host = model.hosts.find((h) => h.name === hostName)
  if (!host || !host.roles.includes('docker')) throw terraformErrors.stackHostNotDocker(hostName)
  const {user, port} = sshSettings(model, host)
  new DockerProvider(scope, 'docker', {host: lit(`ssh://${user}@${host.address}:${port}`), sshOpts: sshOpts(model, host)})

  const workloads = model.workloads
    .filter((w): w is ContainerWorkload => w.kind === 'container' && w.host === hostName)
    .sort((a, b) => a.name.localeCompare(b.name))

  const networks = new Map<string, Network>()
  for (const agency of [...new Set(workloads.map((w) => w.agency))].sort()) {
    networks.set(agency, new Network(scope, `network-${agency}`, {name: lit(agencyNetworkName(agency)), driver: 'bridge', labels: kotadcLabels(agency)}))
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
