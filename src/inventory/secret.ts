import {inspect} from 'node:util'

const MASK = '***'

/**
 * A secret value. Every way of turning it into text (string, JSON, console inspection) yields `***`;
 * only `reveal()` gives the value, and only code that writes it to its destination calls that.
 */
export class Secret {
  readonly #value: string
  readonly name: string

  constructor(name: string, value: string) {
    this.name = name
    this.#value = value
  }

  reveal(): string {
    return this.#value
  }

  toString(): string {
    return MASK
  }

  toJSON(): string {
    return MASK
  }

  [inspect.custom](): string {
    return `Secret(${this.name}: ${MASK})`
  }
}

export const SECRET_MASK = MASK
export const isSecret = (v: unknown): v is Secret => v instanceof Secret
