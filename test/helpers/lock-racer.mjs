// A separate process that takes the site lock file through the real module (the built dist/): it reads
// `try FILE AT_MS` and `release` lines on stdin and answers one JSON line each on stdout. argv[2]: its command line.
import {hostname} from 'node:os'
import {createInterface} from 'node:readline'

const root = new URL('../../', import.meta.url)
const {fileLock} = await import(new URL('dist/src/exec/lock/file-lock.js', root).href)
const {currentHolder} = await import(new URL('dist/src/services/site-lock.js', root).href)

const answer = (o) => process.stdout.write(`${JSON.stringify(o)}\n`)
let lock
for await (const line of createInterface({input: process.stdin})) {
  const [verb, file, at] = line.split(' ')
  if (verb === 'try') {
    lock = fileLock(file, currentHolder(process.argv[2] ?? 'kotadc racer'), {localHost: hostname()})
    // Every racer spins to the same instant, so the attempts really overlap.
    while (Date.now() < Number(at));
    try {
      await lock.acquire()
      answer({won: true, pid: process.pid})
    } catch (e) {
      answer({won: false, code: e.code, message: e.message, hint: e.hint})
    }
  } else if (verb === 'release') {
    await lock?.release()
    answer({released: true})
  }
}
