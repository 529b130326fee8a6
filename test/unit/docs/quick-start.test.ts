import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

const readme = readFileSync('README.md', 'utf8')
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as {scripts: Record<string, string>}).scripts

// The CLI runs from dist/ and its oclif manifest: a command used before they exist is "command not found".
describe('the README quick start works in the order it is written', () => {
  it('npm ci builds the CLI (npm runs the prepare script after installing), so npx kotadc works right after it', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
    const commands = block.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean)
    expect(commands[0]).toBe('npm ci')
    expect(commands.some((c) => c.startsWith('npx kotadc'))).toBe(true)
    expect(scripts.prepare).toBe('npm run build')
    expect(scripts.build).toContain('oclif manifest')
  })
})
