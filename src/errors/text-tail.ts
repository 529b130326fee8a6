/** Last lines of a command's output, for error messages. Kept apart from local.ts so SSH code does not load execa. */
export const tail = (text: string, lines = 20): string => text.trimEnd().split('\n').slice(-lines).join('\n')
