import {createInterface} from 'node:readline/promises'
import {Writable} from 'node:stream'

/** Most a piped value may be: a secret is a password or a key, not a file to store in git. */
const MAX_BYTES = 1 << 20

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of input) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    size += b.length
    if (size > MAX_BYTES) break
    chunks.push(b)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The value of `secrets set`: piped on stdin (one trailing newline dropped, so `echo` and `printf` agree), or typed
 * at a prompt on stderr that echoes nothing. Never from argv, where ps and shell history would see it.
 */
export async function readSecretValue(name: string): Promise<string> {
  if (!process.stdin.isTTY) return (await readAll(process.stdin)).replace(/\r?\n$/, '')
  const silent = new Writable({write: (_chunk, _enc, done) => done()})
  // The terminal stops echoing when readline takes it (raw mode): only then is the prompt shown, so nothing typed early is echoed.
  const rl = createInterface({input: process.stdin, output: silent, terminal: true})
  process.stderr.write(`value of ${name} (not shown): `)
  try {
    return await rl.question('')
  } finally {
    rl.close()
    process.stderr.write('\n')
  }
}
