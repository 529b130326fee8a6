import {randomBytes} from 'node:crypto'

/** 20 random letters and digits: temp file names and fact markers nobody on the host can predict. */
export const newToken = (): string =>
  randomBytes(15)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .padEnd(12, 'x')
    .slice(0, 20)
