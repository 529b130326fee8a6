import {defineCodes} from './define.js'
import {ExternalError, UserError, type ExternalFailure} from './ops-error.js'
import type {SourceLocation} from './ops-error.js'

const GIB = 1024 ** 3
const gib = (bytes: number): string => `${Math.round((bytes / GIB) * 100) / 100} GiB`

/** Errors of the VM lifecycle (the vms phase and `kotadc vm`); codes are part of the --json contract. */
export const vmErrors = {
  diskShrink: (vm: string, liveBytes: number, wantGiB: number, at: SourceLocation) =>
    new UserError({
      code: 'VM_DISK_SHRINK',
      message: `VM ${vm}: diskGiB ${wantGiB} is smaller than its disk (${gib(liveBytes)}); shrinking a disk loses data, so kotadc never does it`,
      hint: `set diskGiB back to at least ${Math.ceil(liveBytes / GIB)} (a smaller disk means a new VM: move the data, then create it under another name)`,
      location: at,
    }),
  imageMismatch: (image: string, file: string, hypervisor: string, live: string, want: string, at: SourceLocation) =>
    new UserError({
      code: 'VM_IMAGE_MISMATCH',
      message: `image ${image}: ${file} in ${hypervisor}'s pool has sha256 ${live}, the inventory says ${want}; VM disks may be backed by it, so kotadc neither uses nor replaces it`,
      hint: `a new image version needs a new file name in images: (e.g. with its date); check which sum is right with sha256sum`,
      location: at,
    }),
  imageSource: (image: string, source: string, reason: string, at: SourceLocation) =>
    new UserError({
      code: 'VM_IMAGE_SOURCE',
      message: `image ${image}: ${source} on this machine ${reason}`,
      hint: 'copy the image file to that path (sites are air-gapped: kotadc downloads nothing), or correct source/sha256 in images:',
      location: at,
    }),
  poolMissing: (hypervisor: string, pool: string) =>
    new UserError({
      code: 'VM_POOL_MISSING',
      message: `hypervisor ${hypervisor} has no libvirt storage pool "${pool}"`,
      hint: 'run the hypervisors phase first: kotadc deploy --phase hypervisors (it installs libvirt and creates the pool)',
    }),
  virshFailed: (hypervisor: string, what: string, failure: ExternalFailure) =>
    new ExternalError({
      code: 'VM_VIRSH_FAILED',
      message: `virsh on ${hypervisor} failed to ${what}: ${failure.stderrTail.trim().split('\n').slice(-3).join(' ') || `exit ${failure.exitCode}`}`,
      hint: `run the same on ${hypervisor} by hand (sudo virsh ...) to see libvirt's full message`,
      failure,
    }),
  unknownVm: (name: string, near: string | undefined, known: readonly string[]) =>
    new UserError({
      code: 'VM_UNKNOWN',
      message: `the inventory declares no VM named "${name}"`,
      hint: near
        ? `did you mean "${near}"?`
        : known.length
          ? `VMs: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}`
          : 'declare VMs as workloads of kind vm',
    }),
  notDefined: (name: string, hypervisor: string) =>
    new UserError({
      code: 'VM_NOT_DEFINED',
      message: `VM ${name} is not defined on ${hypervisor}`,
      hint: 'create it first: kotadc deploy --phase vms',
    }),
  shutdownTimeout: (name: string, seconds: number) =>
    new ExternalError({
      code: 'VM_SHUTDOWN_TIMEOUT',
      message: `VM ${name} did not shut down within ${seconds}s of the ACPI request; it is still running`,
      hint: `check the guest (kotadc vm console ${name}); --force turns it off like pulling the plug, which can lose unwritten data`,
    }),
  sshTimeout: (name: string, seconds: number, last: string) =>
    new ExternalError({
      code: 'VM_SSH_TIMEOUT',
      message: `VM ${name} did not answer SSH with its pinned host key within ${seconds}s (last: ${last})`,
      hint: `watch its boot on the serial console: kotadc vm console ${name}`,
    }),
  destroyUnconfirmed: (name: string) =>
    new UserError({
      code: 'VM_DESTROY_UNCONFIRMED',
      message: `refusing to destroy VM ${name} without confirmation`,
      hint: `on a terminal, answer the question; otherwise pass both --yes and --confirm ${name} (the name typed in full)`,
    }),
  hostKeyMissing: (name: string, secret: string) =>
    new UserError({
      code: 'VM_HOST_KEY_MISSING',
      message: `VM ${name} has no SSH host key in secrets.age (${secret}), so kotadc cannot know it is talking to the VM`,
      hint: 'kotadc deploy --phase vms generates it when it creates the VM; a VM created another way is not kotadc’s to reach',
    }),
  templateInvalid: (vm: string, template: string) =>
    new UserError({
      code: 'VM_TEMPLATE_INVALID',
      message: `templates/${template} rendered for VM ${vm} is not a libvirt domain document (well-formed XML with a <domain> root)`,
      hint: `fix templates/${template}; compare it with kotadc's own templates/${template}`,
    }),
  hostKeyInvalid: (name: string, secret: string) =>
    new UserError({
      code: 'VM_HOST_KEY_INVALID',
      message: `the value of ${secret} in secrets.age is not an OpenSSH ed25519 private key`,
      hint: `restore it from secrets.age.bak or git history; the VM ${name} only answers with the key it was given`,
    }),
}

export const vmCodes = defineCodes({
  VM_DISK_SHRINK: {
    family: 'user',
    meaning: "a VM's diskGiB is smaller than its disk; shrinking loses data and is never done",
    fix: 'set diskGiB back to at least the current size',
  },
  VM_IMAGE_MISMATCH: {
    family: 'user',
    meaning: "a hypervisor pool holds the image file with another sha256 than the inventory's",
    fix: 'give a new image version a new file name; check which sum is right',
  },
  VM_IMAGE_SOURCE: {
    family: 'user',
    meaning: "an image's source file on this machine is missing or has another sha256",
    fix: 'copy the right file to the source path, or correct images:',
  },
  VM_POOL_MISSING: {family: 'user', meaning: 'a hypervisor has no kotadc storage pool yet', fix: 'run kotadc deploy --phase hypervisors first'},
  VM_VIRSH_FAILED: {
    family: 'external',
    meaning: 'a virsh command on a hypervisor failed',
    fix: "run it by hand on the hypervisor to see libvirt's full message",
  },
  VM_UNKNOWN: {family: 'user', meaning: 'a VM name given on the command line is not a VM of the inventory', fix: 'use a name from kotadc vm list'},
  VM_NOT_DEFINED: {
    family: 'user',
    meaning: 'the VM is in the inventory but not defined on its hypervisor',
    fix: 'create it: kotadc deploy --phase vms',
  },
  VM_SHUTDOWN_TIMEOUT: {
    family: 'external',
    meaning: 'a VM did not shut down after the ACPI request within the timeout',
    fix: 'check the guest on its console; --force turns it off',
  },
  VM_SSH_TIMEOUT: {
    family: 'external',
    meaning: 'a new or started VM did not answer SSH with its pinned host key in time',
    fix: 'watch its boot: kotadc vm console NAME',
  },
  VM_DESTROY_UNCONFIRMED: {
    family: 'user',
    meaning: 'vm destroy needs an answer on a terminal, or --yes and --confirm NAME',
    fix: 'pass --yes --confirm NAME',
  },
  VM_HOST_KEY_MISSING: {
    family: 'user',
    meaning: "a VM's SSH host key is not in secrets.age",
    fix: 'kotadc deploy --phase vms creates it with the VM',
  },
  VM_TEMPLATE_INVALID: {
    family: 'user',
    meaning: 'the domain template did not render to a libvirt domain document',
    fix: "fix the site's templates/vms/domain.xml",
  },
  VM_HOST_KEY_INVALID: {
    family: 'user',
    meaning: "a VM's host key in secrets.age is not an OpenSSH ed25519 key",
    fix: 'restore it from secrets.age.bak or git history',
  },
})
