import {describe, expect, it} from 'vitest'
import type {HostChanges, InputDigests} from '../../../src/saved-plan/bundle.js'
import {hostChanges, parseSavedPlan, vmChanges} from '../../../src/saved-plan/bundle.js'
import {SavedPlanStaleError} from '../../../src/errors/saved-plan.js'
import {compareHostChanges, compareInputs, compareStates, describeDifference} from '../../../src/saved-plan/compare.js'

const inputs = (over: Partial<InputDigests> = {}): InputDigests => ({
  salt: 's',
  files: {'inventory/site.yaml': 'a1', 'inventory/hosts.yaml': 'b1'},
  secrets: {DB_PASSWORD: 'c1', APP_KEY: 'd1'},
  stacks: {'docker-docker1': 'e1'},
  terraform: 'terraform 1.11.4',
  kotadc: '0.1.0',
  ...over,
})

describe('compareInputs', () => {
  it('finds nothing when every digest is the same', () => {
    expect(compareInputs(inputs(), inputs())).toEqual([])
  })

  it('names each changed, added and removed file and secret, never a value', () => {
    const now = inputs({
      files: {'inventory/site.yaml': 'a2', 'inventory/agencies/new.yaml': 'x'},
      secrets: {DB_PASSWORD: 'c2', APP_KEY: 'd1'},
    })
    const d = compareInputs(inputs(), now)
    expect(d.map(describeDifference)).toEqual([
      'file inventory/agencies/new.yaml added since the plan',
      'file inventory/hosts.yaml removed since the plan',
      'file inventory/site.yaml changed since the plan',
      'secret DB_PASSWORD changed since the plan',
    ])
    expect(JSON.stringify(d)).not.toMatch(/c2|a2/)
  })

  it('a new terraform binary and a stack synthesized differently are differences', () => {
    const d = compareInputs(inputs(), inputs({terraform: 'tofu 1.8.0', stacks: {'docker-docker1': 'e2'}}))
    expect(d.map(describeDifference)).toEqual([
      'the plan was made with terraform 1.11.4, this run has tofu 1.8.0',
      'stack docker-docker1 synthesized differently since the plan',
    ])
  })

  it('another kotadc (its built-in playbooks decide what tasks do) is a difference', () => {
    expect(compareInputs(inputs(), inputs({kotadc: '0.2.0'})).map(describeDifference)).toEqual([
      'the plan was made with kotadc 0.1.0, this is kotadc 0.2.0',
    ])
  })

  it('a plan without stacks does not care about terraform', () => {
    expect(compareInputs(inputs({terraform: null, stacks: {}}), inputs({terraform: null, stacks: {}}))).toEqual([])
  })
})

describe('compareStates', () => {
  it('names the stack whose state lineage or serial moved', () => {
    expect(compareStates({a: 'L#1', b: null}, {a: 'L#2', b: null})).toEqual([
      {kind: 'state', name: 'a', what: 'its terraform state changed since the plan (another apply ran)'},
    ])
  })
})

const host = (name: string, tasks: HostChanges['tasks']): HostChanges => ({phase: 'base', host: name, tasks})

describe('compareHostChanges', () => {
  const saved = [
    host('web1', [
      {name: 'timezone: /etc/timezone', status: 'changed', summary: 'write /etc/timezone'},
      {name: 'base packages', status: 'ok', summary: '12 packages installed'},
    ]),
    host('db1', [{name: 'base packages', status: 'changed', summary: 'install curl'}]),
  ]

  it('an unchanged task whose reason text moved is still the same plan', () => {
    const now = [
      host('web1', [
        {name: 'timezone: /etc/timezone', status: 'changed', summary: 'write /etc/timezone'},
        {name: 'base packages', status: 'ok', summary: '13 packages installed'},
      ]),
      host('db1', [{name: 'base packages', status: 'changed', summary: 'install curl'}]),
    ]
    expect(compareHostChanges('base', saved, now)).toEqual([])
  })

  it('names the host and the task that would now do something else, and hosts that came or went', () => {
    const now = [
      host('web1', [
        {name: 'timezone: /etc/timezone', status: 'ok', summary: '/etc/timezone is as wanted'},
        {name: 'base packages', status: 'ok', summary: '12 packages installed'},
      ]),
      host('app1', []),
    ]
    expect(compareHostChanges('base', saved, now).map(describeDifference)).toEqual([
      'host web1, task "timezone: /etc/timezone" (phase base): planned: change (write /etc/timezone); now: ok (/etc/timezone is as wanted)',
      'host db1: phase base no longer runs on it',
      'host app1: phase base now runs on it too',
    ])
  })

  it('a changed task that would change differently is a difference', () => {
    const now = [saved[0] as HostChanges, host('db1', [{name: 'base packages', status: 'changed', summary: 'install curl, rsync'}])]
    expect(compareHostChanges('base', saved, now)).toMatchObject([{kind: 'task', host: 'db1', name: 'base packages'}])
  })

  it('the vms phase is compared per hypervisor: a domain edited or a VM added after the plan is named', () => {
    const saved = [vmChanges({hypervisor: 'hv1', actions: ['define siak', 'start siak']})]
    expect(compareHostChanges('vms', saved, [vmChanges({hypervisor: 'hv1', actions: ['define siak', 'start siak']})])).toEqual([])
    const now = [vmChanges({hypervisor: 'hv1', actions: ['define siak', 'start siak', 'define simrs']})]
    expect(compareHostChanges('vms', saved, now).map((d) => [d.host, d.name])).toEqual([['hv1', 'define simrs']])
    expect(compareHostChanges('vms', saved, [])).toMatchObject([{name: 'hv1', what: 'phase vms no longer runs on it'}])
  })

  it('only compares hosts of the phase asked for', () => {
    expect(compareHostChanges('dns', saved, [])).toEqual([])
  })
})

describe('the bundle format', () => {
  it('keeps tasks then handlers in run order as a host change list', () => {
    const r = {
      host: 'web1',
      tasks: [{name: 'sshd hardening', status: 'changed' as const, summary: 'write drop-in'}],
      handlers: [{name: 'reload ssh', status: 'changed' as const, summary: 'would run'}],
    }
    expect(hostChanges('base', r)).toEqual({
      phase: 'base',
      host: 'web1',
      tasks: [
        {name: 'sshd hardening', status: 'changed', summary: 'write drop-in'},
        {name: 'handler: reload ssh', status: 'changed', summary: 'would run'},
      ],
    })
  })

  it('refuses text that is not a saved plan of this version, saying why', () => {
    expect(parseSavedPlan('not json')).toEqual({problem: 'its content is not a kotadc saved plan'})
    expect(parseSavedPlan('{"format":"other"}')).toEqual({problem: 'its content is not a kotadc saved plan'})
    expect(parseSavedPlan('{"format":"kotadc-saved-plan","version":9}')).toEqual({
      problem: 'it is format version 9; this kotadc reads version 1',
    })
    expect(parseSavedPlan('{"format":"kotadc-saved-plan","version":1,"site":"dc1"}')).toEqual({problem: 'it is incomplete (a field is missing)'})
  })
})

describe('the refusal', () => {
  it('names the first differences in its message and keeps every one in its details', () => {
    const many = Array.from({length: 13}, (_, i) => ({kind: 'file' as const, name: `inventory/agencies/a${i}.yaml`, what: 'changed since the plan'}))
    const e = new SavedPlanStaleError('plan.age', many)
    expect(e.code).toBe('SAVED_PLAN_STALE')
    expect(e.message).toContain('file inventory/agencies/a9.yaml changed since the plan; and 3 more (--json lists them all)')
    expect(e.message).not.toContain('a10.yaml')
    expect((e.toJSON().details as {differences: unknown[]}).differences).toHaveLength(13)
  })
})
