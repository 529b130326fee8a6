import {describe, expect, it} from 'vitest'
import {synthStack} from '../../../src/exec/terraform/synth.js'
import {buildDockerHostStack} from '../../../stacks/docker-host-stack.js'
import {dockerHostNames, dockerStackName} from '../../../stacks/docker-naming.js'
import {DOCKER_SECRETS, dockerInventory} from './docker-inventory.js'

const synth = (host: string, model = dockerInventory()) =>
  synthStack(dockerStackName(host), (scope) => buildDockerHostStack(scope, model, host), {stubVersion: true})

interface Doc {
  provider: {docker: Array<{host: string; ssh_opts: string | string[]}>}
  terraform: {required_providers: Record<string, {source: string; version: string}>}
  variable?: Record<string, {sensitive: boolean; type: string; nullable: boolean}>
  resource: Record<string, Record<string, Record<string, unknown>>>
}
const parse = (host: string): Doc => JSON.parse(synth(host)) as Doc

describe('docker host stacks', () => {
  it('makes one stack per docker host', () => {
    expect(dockerHostNames(dockerInventory())).toEqual(['docker1', 'docker2'])
    expect(dockerStackName('docker1')).toBe('docker-docker1')
  })

  it('matches the reviewed snapshot for docker1', async () => {
    await expect(synth('docker1')).toMatchFileSnapshot('__snapshots__/docker-docker1.tf.json')
  })

  it('pins the docker provider the bindings were generated for and reaches the host over ssh', () => {
    const doc = parse('docker1')
    expect(doc.terraform.required_providers).toEqual({docker: {source: 'kreuzwerker/docker', version: '3.6.2'}})
    // The options (pinned known_hosts, identity, jump host) are the executor's: the stack only takes them in.
    expect(doc.provider.docker).toEqual([{host: 'ssh://kotadc@10.10.0.21:2222', ssh_opts: '${var.kotadc_ssh_options}'}])
    expect(doc.variable?.kotadc_ssh_options).toMatchObject({type: 'list(string)', nullable: false})
  })

  it('gives each agency on the host its own network and puts its containers only there', () => {
    const r = parse('docker1').resource
    expect(Object.values(r.docker_network ?? {}).map((n) => n.name)).toEqual(['kotadc-dinkes', 'kotadc-disdik'])
    const nets = Object.fromEntries(Object.values(r.docker_container ?? {}).map((c) => [c.name, c.networks_advanced]))
    expect(nets).toEqual({
      simpus: [{name: '${docker_network.network-dinkes.name}', aliases: ['simpus']}],
      'simpus-worker': [{name: '${docker_network.network-dinkes.name}', aliases: ['simpus-worker']}],
      sekolah: [{name: '${docker_network.network-disdik.name}', aliases: ['sekolah']}],
    })
    expect(Object.values(parse('docker2').resource.docker_network ?? {}).map((n) => n.name)).toEqual(['kotadc-disdik'])
  })

  it('creates named volumes, one image per distinct reference, and ignores postgres and vm workloads', () => {
    const r = parse('docker1').resource
    expect(Object.values(r.docker_volume ?? {}).map((v) => v.name)).toEqual(['simpus-cache', 'simpus-uploads'])
    expect(Object.values(r.docker_image ?? {}).map((i) => i.name)).toEqual([
      'registry.internal/dinkes/simpus:2.4.1',
      'registry.internal/disdik/sekolah:1.0.0',
    ])
    expect(Object.keys(r.docker_container ?? {})).toEqual(['container-sekolah', 'container-simpus', 'container-simpus-worker'])
    expect(Object.keys(r)).toEqual(['docker_container', 'docker_image', 'docker_network', 'docker_volume'])
  })

  it('sets env, secrets by sensitive variable, port, restart, healthcheck, limits and labels', () => {
    const doc = parse('docker1')
    const simpus = doc.resource.docker_container?.['container-simpus']
    expect(simpus).toEqual({
      name: 'simpus',
      image: '${docker_image.image-registry-internal-dinkes-simpus-2-4-1.image_id}',
      env: ['DB_HOST=db1.kotamobagukota.go.id', 'SIMPUS_DB_PASSWORD=${var.secret_SIMPUS_DB_PASSWORD}', 'TZ=Asia/Makassar'],
      ports: [{internal: 8080, external: 8080}],
      restart: 'unless-stopped',
      healthcheck: {test: ['CMD', 'curl', '-fsS', 'http://localhost:8080/health'], interval: '30s', timeout: '5s', retries: 3},
      memory: 1024,
      cpus: '1.5',
      labels: [
        {label: 'kotadc.agency', value: 'dinkes'},
        {label: 'kotadc.workload', value: 'simpus'},
      ],
      networks_advanced: [{name: '${docker_network.network-dinkes.name}', aliases: ['simpus']}],
      volumes: [
        {volume_name: '${docker_volume.volume-simpus-cache.name}', container_path: '/app/cache'},
        {volume_name: '${docker_volume.volume-simpus-uploads.name}', container_path: '/app/uploads'},
      ],
    })
    const sekolah = doc.resource.docker_container?.['container-sekolah']
    expect(sekolah?.healthcheck).toEqual({test: ['CMD-SHELL', 'wget -qO- localhost:8081 || exit 1']})
    expect(sekolah).not.toHaveProperty('memory')
    expect(doc.variable).toEqual({
      kotadc_ssh_options: {type: 'list(string)', nullable: false, description: 'ssh options of the docker provider, set by kotadc'},
      secret_SEKOLAH_API_KEY: {type: 'string', sensitive: true, nullable: false, description: 'secret SEKOLAH_API_KEY'},
      secret_SIMPUS_DB_PASSWORD: {type: 'string', sensitive: true, nullable: false, description: 'secret SIMPUS_DB_PASSWORD'},
    })
  })

  it('is deterministic byte for byte and independent of inventory order', () => {
    const model = dockerInventory()
    const reordered = {...model, workloads: [...model.workloads].reverse(), hosts: [...model.hosts].reverse()}
    expect(synth('docker1')).toBe(synth('docker1'))
    expect(synth('docker1', reordered)).toBe(synth('docker1'))
  })

  it('never holds a secret value', () => {
    const json = synth('docker1') + synth('docker2')
    for (const value of Object.values(DOCKER_SECRETS)) expect(json).not.toContain(value)
  })

  it('refuses a host without role docker', () => {
    expect(() => synth('hv1')).toThrow(expect.objectContaining({code: 'STACK_HOST_NOT_DOCKER'}))
  })
})
