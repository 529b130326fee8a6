import type {SourceLocation} from './ops-error.js'
import {defineCodes} from './define.js'
import {BugError, UserError} from './ops-error.js'

// Errors a task's plan can raise; the runner adds the playbook's file:line of the task when it has one.

/** Where a `src` was looked for, for the message: the repository's templates/ (and kotadc's built-in ones). */
const lookedIn = (looked: readonly string[]): string => (looked.length > 0 ? ` (looked in ${looked.join(' and ')})` : '')

export const templateNotFound = (name: string, looked: readonly string[] = [], location?: SourceLocation): UserError =>
  new UserError({
    code: 'TEMPLATE_NOT_FOUND',
    message: `template ${name} does not exist${lookedIn(looked)}`,
    hint: `create templates/${name} in the repository, or fix the task's src (relative to templates/)`,
    ...(location ? {location} : {}),
  })

export const templateRenderFailed = (name: string, detail: string, location?: SourceLocation): UserError =>
  new UserError({
    code: 'TEMPLATE_RENDER_FAILED',
    message: `template templates/${name} cannot be rendered: ${detail}`,
    hint: 'define the variable in the host vars, the playbook vars or the task vars, or use {{ x | default: "…" }}',
    ...(location ? {location} : {}),
  })

export const copySourceNotFound = (src: string, looked: readonly string[] = [], location?: SourceLocation): UserError =>
  new UserError({
    code: 'COPY_SOURCE_NOT_FOUND',
    message: `copy source ${src} does not exist${lookedIn(looked)}`,
    hint: `put the file at templates/${src} in the repository, or fix the copy task's src (relative to templates/, like a template's)`,
    ...(location ? {location} : {}),
  })

export const copySourceOutside = (src: string, resolved: string, allowed: readonly string[]): UserError =>
  new UserError({
    code: 'COPY_SOURCE_OUTSIDE',
    message: `copy source ${src} resolves to ${resolved}, outside ${allowed.join(' and ')}`,
    hint: 'copy only files kept in templates/; a symbolic link there must not point elsewhere (such as .kotadc/, inventory/ or ~/.ssh)',
  })

export const notARegularFile = (path: string, type: string): UserError =>
  new UserError({
    code: 'TASK_PATH_NOT_A_FILE',
    message: `${path} on the host is a ${type}, not a regular file`,
    hint: `remove or rename ${path} on the host, or point the task at the real file`,
  })

export const notADirectory = (path: string, type: string): UserError =>
  new UserError({
    code: 'TASK_PATH_NOT_A_DIRECTORY',
    message: `${path} on the host is a ${type}, not a directory`,
    hint: `remove or rename ${path} on the host, or choose another path`,
  })

export const pathMissing = (path: string): UserError =>
  new UserError({
    code: 'TASK_PATH_MISSING',
    message: `${path} does not exist on the host, so its owner and mode cannot be set`,
    hint: `create ${path} in an earlier task (file, copy, template, directory, package), or fix the path`,
  })

export const attributesOnSymlink = (path: string): UserError =>
  new UserError({
    code: 'TASK_PATH_IS_SYMLINK',
    message: `${path} on the host is a symbolic link; chown and chmod would change what it points to`,
    hint: 'name the link target in the attributes task instead',
  })

export const fileTooLargeToEdit = (path: string, size: number, limit: number): UserError =>
  new UserError({
    code: 'TASK_FILE_TOO_LARGE',
    message: `${path} is ${size} bytes; line edits read at most ${limit} bytes`,
    hint: 'manage the whole file with a file or template task instead of line',
  })

export const serviceEnableUnsupported = (name: string): UserError =>
  new UserError({
    code: 'SERVICE_ENABLE_UNSUPPORTED',
    message: `cannot change whether ${name} starts at boot: the host has neither systemd running nor update-rc.d`,
    hint: 'install init-system-helpers on the host, or drop `enabled` from the service task',
  })

export const badToken = (token: string): BugError =>
  new BugError({
    code: 'TASK_TOKEN_INVALID',
    message: `task token ${JSON.stringify(token)} must be 6 to 64 letters or digits`,
    hint: 'this is a kotadc bug: please report it with the command you ran',
  })

export const TOKEN_PATTERN = /^[A-Za-z0-9]{6,64}$/

export const taskCodes = defineCodes({
  TEMPLATE_NOT_FOUND: {
    family: 'user',
    meaning: "a template task names a file that is not under templates/ (the repository's, then kotadc's built-in)",
    fix: "create the template, or fix the task's src",
  },
  TEMPLATE_RENDER_FAILED: {
    family: 'user',
    meaning: 'a template uses a variable or filter that is not defined',
    fix: 'define the variable (host, playbook or task vars) or give it a default',
  },
  COPY_SOURCE_NOT_FOUND: {
    family: 'user',
    meaning: "a copy task names a source file that is not under templates/ (the repository's, then kotadc's built-in)",
    fix: "add the file under templates/, or fix the task's src (relative to templates/)",
  },
  COPY_SOURCE_OUTSIDE: {
    family: 'user',
    meaning: 'a copy source resolves, symbolic links followed, outside the templates directory (e.g. to .kotadc/ or ~/.ssh)',
    fix: 'keep copied files in templates/, and links there pointing inside it',
  },
  TASK_PATH_NOT_A_FILE: {
    family: 'user',
    meaning: 'the path a task manages is something else than a regular file on the host',
    fix: 'remove or rename it on the host, or point the task at the real file',
  },
  TASK_PATH_MISSING: {
    family: 'user',
    meaning: 'an attributes task names a path that does not exist on the host',
    fix: 'create the path in an earlier task, or fix the path',
  },
  TASK_PATH_IS_SYMLINK: {
    family: 'user',
    meaning: 'an attributes task names a symbolic link, whose owner and mode kotadc does not set',
    fix: 'name the link target instead',
  },
  TASK_PATH_NOT_A_DIRECTORY: {
    family: 'user',
    meaning: 'the path a directory task manages is something else than a directory on the host',
    fix: 'remove or rename it on the host, or choose another path',
  },
  TASK_FILE_TOO_LARGE: {
    family: 'user',
    meaning: 'a line task would edit a file larger than line edits read',
    fix: 'manage the whole file with a file or template task',
  },
  SERVICE_ENABLE_UNSUPPORTED: {
    family: 'user',
    meaning: 'the host has neither systemd nor update-rc.d, so start at boot cannot be changed',
    fix: 'install init-system-helpers on the host, or drop `enabled` from the task',
  },
  TASK_TOKEN_INVALID: {family: 'bug', meaning: 'a task was built with an unsafe marker token', fix: 'please report it with the command you ran'},
})
