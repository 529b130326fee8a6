import {describe, expect, it} from 'vitest'
import {DAEMON_JSON, DAEMON_JSON_VALIDATE, dockerHostPlaybook} from '../../../src/docker-host/playbook.js'
import {resolveTargets} from '../../../src/playbooks/targets.js'
import {dockerInventory} from '../stacks/docker-inventory.js'

describe('docker-host playbook', () => {
  const inv = dockerInventory()
  const pb = dockerHostPlaybook()
  const host = (name: string, vars: Record<string, unknown> = {}) => ({...inv.hosts.find((h) => h.name === name)!, vars})

  it('targets exactly the hosts with role docker', () => {
    expect(resolveTargets(inv, pb.targets).map((h) => h.name)).toEqual(['docker2', 'docker1'])
  })

  it('installs docker, writes a validated daemon.json, gives the login user the socket, starts the service', () => {
    const tasks = pb.tasksFor(inv, host('docker1'))
    expect(tasks.map((t) => [t.type, t.name])).toEqual([
      ['package', 'docker packages'],
      ['directory', '/etc/docker'],
      ['file', 'docker daemon.json'],
      ['command', 'kotadc in group docker'],
      ['service', 'docker service'],
    ])
    expect(tasks[2]!.args).toMatchObject({path: DAEMON_JSON, validate: DAEMON_JSON_VALIDATE})
    expect(tasks[2]!.notify).toEqual(['restart docker'])
    expect(tasks[4]!.args).toEqual({name: 'docker', state: 'started', enabled: true})
    expect(pb.handlersFor(inv, host('docker1')).map((h) => h.name)).toEqual(['restart docker'])
  })

  it('vars.dockerService: false leaves the service alone (the lab cannot run dockerd) and notifies nothing', () => {
    const h = host('docker1', {dockerService: false})
    expect(pb.tasksFor(inv, h).map((t) => t.type)).not.toContain('service')
    expect(pb.tasksFor(inv, h).every((t) => t.notify.length === 0)).toBe(true)
    expect(pb.handlersFor(inv, h)).toEqual([])
  })

  it('daemon.json turns on live-restore and json-file log rotation; host vars override the limits', () => {
    const render = (vars: Record<string, unknown>) =>
      JSON.parse((pb.tasksFor(inv, host('docker1', vars))[2]!.args as {content: string}).content) as unknown
    expect(render({})).toEqual({'live-restore': true, 'log-driver': 'json-file', 'log-opts': {'max-file': '3', 'max-size': '10m'}})
    expect(render({dockerLogMaxSize: '50m', dockerLogMaxFile: 5, dockerLiveRestore: false})).toEqual({
      'live-restore': false,
      'log-driver': 'json-file',
      'log-opts': {'max-file': '5', 'max-size': '50m'},
    })
  })

  it('daemon.json injection: a log size crafted to add runtimes/default-runtime stays one string value', () => {
    const attack = '10m"}, "runtimes": {"evil": {"path": "/tmp/x"}}, "default-runtime": "evil", "x": {"y": "'
    const t = pb.tasksFor(inv, host('docker1', {dockerLogMaxSize: attack, dockerLogMaxFile: '3", "default-runtime": "evil'}))[2]!
    const doc = JSON.parse((t.args as {content: string}).content) as Record<string, unknown>
    expect(Object.keys(doc).sort()).toEqual(['live-restore', 'log-driver', 'log-opts'])
    expect(doc['log-opts']).toEqual({'max-file': '3', 'max-size': attack})
  })

  it('validates with dockerd --validate where the daemon has it, else a JSON syntax check', () => {
    expect(DAEMON_JSON_VALIDATE).toContain('dockerd --validate --config-file %s')
    expect(DAEMON_JSON_VALIDATE).toContain('python3 -m json.tool %s')
  })
})
