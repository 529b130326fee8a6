import {CODE_GROUPS, exitCodeOf} from './catalog.js'
import type {CodeInfo} from './define.js'

/** Markdown table cells: a pipe would end the cell, a line break the row. */
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

const familyOf = (info: CodeInfo): string => (info.issue ? `${info.family} (${info.warning ? 'warning' : 'issue'} in ${info.issue})` : info.family)
const exitOf = (info: CodeInfo): string => (info.warning ? '0 (reported, does not fail)' : String(exitCodeOf(info)))

/** docs/errors.md: every code of the catalogue, generated so the reference cannot drift from the code. */
export function renderErrorsDoc(): string {
  const out = [
    '# Error codes',
    '',
    '<!-- Generated from src/errors/ by `npm run docs`; do not edit by hand (a test compares it with the catalogue). -->',
    '',
    'Every error kotadc reports on purpose has a stable code. It is printed as `[CODE]` after the message and is',
    '`error.code` in `--json` output, next to `family`, `exitCode`, `hint` (the fix for this case) and, when the',
    'problem sits in a file, `location` (file, line, column).',
    '',
    '| family | exit | meaning |',
    '| --- | --- | --- |',
    '| user | 1 | the input is wrong (inventory, flag, secret, local setup); the hint says what to change |',
    '| external | 3 | a host, SSH, Terraform or another program failed; `details` keeps what ran and how it ended |',
    '| bug | 70 | kotadc itself went wrong; please report it with the command you ran |',
    '',
    'Issue codes are collected, not raised one by one: validation reports every issue it finds, each with its own',
    'code and `file:line:col`, inside one `INVENTORY_INVALID` (or `PLAYBOOK_INVALID`) error. Warnings are reported',
    'the same way but do not fail the command.',
  ]
  for (const group of CODE_GROUPS) {
    out.push('', `## ${group.title}`, '', '| code | family | exit | what it means | how to fix it |', '| --- | --- | --- | --- | --- |')
    for (const [code, info] of Object.entries(group.codes) as [string, CodeInfo][]) {
      out.push(`| \`${code}\` | ${cell(familyOf(info))} | ${exitOf(info)} | ${cell(info.meaning)} | ${cell(info.fix)} |`)
    }
  }
  return out.join('\n') + '\n'
}
