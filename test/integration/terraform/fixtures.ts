import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/** A hand-written stack (its secret follows the stacks' naming: variable secret_<NAME>, env TF_VAR_secret_<NAME>).
 * A hand-written stack of built-in terraform_data resources: no provider to install, so it runs offline. */
export function dataStack(opts: {sleepSeconds?: number} = {}): string {
  const provisioner = opts.sleepSeconds ? {provisioner: [{'local-exec': {command: `sleep ${opts.sleepSeconds}`}}]} : {}
  const doc = {
    variable: {
      secret_pw: {type: 'string', sensitive: true},
      gen: {type: 'string', default: '1'},
      val: {type: 'string', default: 'a'},
    },
    resource: {
      terraform_data: {
        keep: {input: '${var.val}', ...provisioner},
        repl: {input: 'x', triggers_replace: ['${var.gen}']},
        secret: {input: '${var.secret_pw}'},
      },
    },
  }
  return `${JSON.stringify(doc, null, 2)}\n`
}

export const tempProject = (): string => mkdtempSync(join(tmpdir(), 'kotadc-tf-'))
