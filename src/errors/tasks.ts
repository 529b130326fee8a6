import type {SourceLocation} from './ops-error.js'
import {BugError, UserError} from './ops-error.js'

// Errors a task's plan can raise; the runner adds the playbook's file:line of the task when it has one.

export const templateNotFound = (name: string): UserError =>
  new UserError({code: 'TEMPLATE_NOT_FOUND', message: `template templates/${name} does not exist`, hint: `create templates/${name} or fix the template task's src`})

export const templateRenderFailed = (name: string, detail: string, location?: SourceLocation): UserError =>
  new UserError({
    code: 'TEMPLATE_RENDER_FAILED',
    message: `template templates/${name} cannot be rendered: ${detail}`,
    hint: 'define the variable in the host vars, the playbook vars or the task vars, or use {{ x | default: "…" }}',
    ...(location ? {location} : {}),
  })

export const copySourceNotFound = (src: string): UserError =>
  new UserError({code: 'COPY_SOURCE_NOT_FOUND', message: `copy source ${src} does not exist in the repository`, hint: 'add the file to the repository, or fix the copy task\'s src (relative to the repository root)'})

export const notARegularFile = (path: string, type: string): UserError =>
  new UserError({code: 'TASK_PATH_NOT_A_FILE', message: `${path} on the host is a ${type}, not a regular file`, hint: `remove or rename ${path} on the host, or point the task at the real file`})

export const notADirectory = (path: string, type: string): UserError =>
  new UserError({code: 'TASK_PATH_NOT_A_DIRECTORY', message: `${path} on the host is a ${type}, not a directory`, hint: `remove or rename ${path} on the host, or choose another path`})

export const fileTooLargeToEdit = (path: string, size: number, limit: number): UserError =>
  new UserError({code: 'TASK_FILE_TOO_LARGE', message: `${path} is ${size} bytes; line edits read at most ${limit} bytes`, hint: 'manage the whole file with a file or template task instead of line'})

export const serviceEnableUnsupported = (name: string): UserError =>
  new UserError({
    code: 'SERVICE_ENABLE_UNSUPPORTED',
    message: `cannot change whether ${name} starts at boot: the host has neither systemd running nor update-rc.d`,
    hint: 'install init-system-helpers on the host, or drop `enabled` from the service task',
  })

export const badToken = (token: string): BugError =>
  new BugError({code: 'TASK_TOKEN_INVALID', message: `task token ${JSON.stringify(token)} must be 6 to 64 letters or digits`, hint: 'this is a kotadc bug: please report it with the command you ran'})

export const TOKEN_PATTERN = /^[A-Za-z0-9]{6,64}$/
