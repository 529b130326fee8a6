import {Command, Errors, type Interfaces} from '@oclif/core'
import {asOpsError} from '../errors/cli.js'
import {isOpsError} from '../errors/ops-error.js'
import type {Inventory} from '../inventory/model.js'
import {siteLock, withSiteLock} from '../services/site-lock.js'
import {baseFlags} from './flags.js'
import {renderError} from './render/error.js'
import {makePainter, type Painter} from './style.js'

export type BaseFlags = Interfaces.InferredFlags<(typeof OpsCommand)['baseFlags']>

/**
 * Base of every kotadc command: shared flags, `--json` as the result contract,
 * and one place that turns errors into the printed form and the exit code.
 */
export abstract class OpsCommand<T> extends Command {
  static override enableJsonFlag = true
  static override baseFlags = baseFlags

  protected paint: Painter = makePainter(false)
  protected verbose = false

  protected setupOutput(flags: {color: boolean; verbose: boolean}): void {
    this.verbose = flags.verbose
    this.paint = makePainter(flags.color && !process.env.NO_COLOR && process.stderr.isTTY === true && !this.jsonEnabled())
  }

  abstract override run(): Promise<T>

  /** The command line as typed (`kotadc backup run --limit db1`): for the site lock's holder and the audit record. */
  protected commandLine(): string {
    return ['kotadc', ...(this.id ?? '').split(':').filter(Boolean), ...this.argv].join(' ')
  }

  /** Runs fn under the site's one lock: for commands that change hosts and whose service does not take it itself. */
  protected underSiteLock<R>(inv: Inventory, fn: () => Promise<R>): Promise<R> {
    return withSiteLock(siteLock(inv, {cwd: process.cwd(), environ: process.env, command: this.commandLine()}), fn)
  }

  /** Human output goes to stdout; under --json nothing but the JSON object is printed. */
  protected out(text: string): void {
    this.log(text)
  }

  /** Warnings and progress go to stderr, and are silent under --json. */
  protected note(text: string): void {
    this.logToStderr(text)
  }

  /** The banner of the example's DEMO age identity: shown by every command that decrypted secrets.age with it. */
  protected noteDemoIdentity(file: string | undefined): void {
    if (file)
      this.note(
        this.paint(
          'yellow',
          `using the DEMO age identity ${file}: its secrets are public, for the example and the lab, never for a real site (README: Secrets)`,
        ),
      )
  }

  protected override async catch(err: Error & {oclif?: {exit?: number}}): Promise<unknown> {
    // oclif's own parse and usage errors keep their handling and exit code 2.
    if (err instanceof Errors.CLIError && !isOpsError(err)) {
      if (this.jsonEnabled()) {
        process.exitCode = err.oclif?.exit ?? 2
        this.logJson({error: {code: 'USAGE', family: 'user', message: err.message, exitCode: process.exitCode}})
        return
      }
      throw err
    }
    const opsErr = asOpsError(err)
    process.exitCode = opsErr.exitCode
    if (this.jsonEnabled()) {
      this.logJson({error: opsErr.toJSON()})
      return
    }
    process.stderr.write(renderError(opsErr, this.paint) + '\n')
    if (this.verbose && !isOpsError(err) && err.stack) process.stderr.write(err.stack + '\n')
  }
}
