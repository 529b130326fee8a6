import {styleText} from 'node:util'

type Style = Parameters<typeof styleText>[0]

/** Colour helper for human output; plain text when colour is off (flag, NO_COLOR, or not a terminal). */
export interface Painter {
  (style: Style, text: string): string
}

export const makePainter =
  (enabled: boolean): Painter =>
  (style, text) =>
    enabled ? styleText(style, text, {validateStream: false}) : text

export const plain: Painter = makePainter(false)
