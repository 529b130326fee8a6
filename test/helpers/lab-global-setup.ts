import {execFileSync} from 'node:child_process'
import {join} from 'node:path'
import {requireBinary} from './require.js'

const scripts = join(import.meta.dirname, '..', '..', 'scripts', 'lab')

const engineAnswers = (): boolean => {
  try {
    execFileSync('docker', ['info'], {stdio: 'ignore', timeout: 20_000})
    return true
  } catch {
    return false
  }
}

/**
 * vitest globalSetup for the integration project: start a docker engine when none answers (as root) and build the
 * lab images once (base, hypervisor and VM guest: minutes the first time, cached afterwards), so lab tests don't each
 * pay for them.
 * Without docker/debootstrap it does nothing locally (the tests skip with the reason) and fails under CI.
 */
export function setup(): void {
  if (!requireBinary('docker', 'dockerd', 'debootstrap').ok) return
  if (!engineAnswers() && process.getuid?.() === 0) execFileSync(join(scripts, 'dockerd-start.sh'), {stdio: ['ignore', 'inherit', 'inherit']})
  if (!engineAnswers()) {
    if (process.env.CI === 'true') throw new Error('no docker engine answers and scripts/lab/dockerd-start.sh could not start one')
    return
  }
  execFileSync(join(scripts, 'build-image.sh'), {stdio: ['ignore', 'ignore', 'inherit'], timeout: 30 * 60_000})
  // Every inventory with a hypervisor (the example, lab-small) needs the hypervisor image, and the VM tests the guest
  // image: built here once, before the test files start in parallel, instead of inside the first test's `lab up`.
  execFileSync(join(scripts, 'build-image.sh'), ['--hypervisor'], {stdio: ['ignore', 'ignore', 'inherit'], timeout: 30 * 60_000})
  if (requireBinary('qemu-img', 'grub-mkimage', 'sfdisk', 'mke2fs').ok)
    execFileSync(join(scripts, 'build-guest-image.sh'), {stdio: ['ignore', 'ignore', 'inherit'], timeout: 30 * 60_000})
}
