import {type ChildProcessByStdio, spawn} from 'node:child_process'
import type {Readable, Writable} from 'node:stream'
import {NODE, REPO_ROOT} from './cli.js'
import {join} from 'node:path'
import {createInterface} from 'node:readline'

export interface RacerAnswer {
  won?: boolean
  pid?: number
  code?: string
  message?: string
  hint?: string
}

/** A separate node process (lock-racer.mjs) taking and releasing the site lock file through the built module. */
export class LockRacer {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>
  private readonly waiting: ((a: RacerAnswer) => void)[] = []
  constructor(command = 'kotadc racer') {
    this.child = spawn(NODE, [join(REPO_ROOT, 'test/helpers/lock-racer.mjs'), command], {stdio: ['pipe', 'pipe', 'inherit']})
    createInterface({input: this.child.stdout}).on('line', (l) => this.waiting.shift()?.(JSON.parse(l) as RacerAnswer))
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  private ask(line: string): Promise<RacerAnswer> {
    return new Promise((done) => {
      this.waiting.push(done)
      this.child.stdin.write(`${line}\n`)
    })
  }

  /** Tries to take the lock at `at` (epoch ms; every racer spins to it, so attempts overlap). */
  acquire(file: string, at = Date.now()): Promise<RacerAnswer> {
    return this.ask(`try ${file} ${at}`)
  }

  release(): Promise<RacerAnswer> {
    return this.ask('release')
  }

  /** Ends the process (closing stdin); a lock still held is released by the racer on its way out only if asked first. */
  stop(): void {
    this.child.stdin.end()
  }
}
