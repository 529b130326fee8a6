// Words made only of these characters mean the same quoted or not, so they stay readable in displayed commands.
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

/**
 * POSIX shell quoting: the one place a string becomes a single shell word.
 * Single quotes keep everything literal; an embedded `'` becomes `'\''`.
 */
export function shellQuote(word: string): string {
  return SAFE.test(word) ? word : singleQuoted(word)
}

const singleQuoted = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`

/** Like shellQuote, but also quotes `=`, because `a=b` as the first word of a command is an assignment. */
export function shellQuoteCommandWord(word: string): string {
  return word.includes('=') ? singleQuoted(word) : shellQuote(word)
}
